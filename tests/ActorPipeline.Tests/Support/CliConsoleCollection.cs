namespace ActorPipeline.Tests.Support;

/// <summary>The tests that capture the process-wide console (<see cref="CliConsole"/>): run one at a time, apart from all others.</summary>
[CollectionDefinition(CliConsole.Collection, DisableParallelization = true)]
public sealed class CliConsoleCollection;
