import Engine

/// How `unlock` shows the lock it would remove, and what it did.
struct UnlockView {
    let console: Console

    func notLocked(_ stack: String, at location: String) {
        console.out("stack \(stack) is not locked (no \(location)).")
    }

    func held(by holder: StackLock.Holder?, at location: String) {
        console.out(
            "\(location) is held by \(holder?.description ?? "an object streamstack cannot read")")
    }

    func removed() {
        console.out("Removed the lock.")
    }
}
