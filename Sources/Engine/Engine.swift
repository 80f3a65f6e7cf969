// The graph, planner, renderers and executor land with the engine issue.
enum EngineModule {}
