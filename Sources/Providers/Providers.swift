// Resource providers land with the providers issue; this target keeps its place in the layout.
enum ProvidersModule {}
