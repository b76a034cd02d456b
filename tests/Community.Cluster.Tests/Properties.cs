// Every spec runs an actor system and a SQL journal: two at a time is plenty on a 2-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
