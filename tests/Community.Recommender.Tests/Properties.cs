// Each spec class runs an actor system and writes a real database: two at a time is plenty on a 2-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
