// Each host runs a web server and an actor system: two at a time is plenty on a 2-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
