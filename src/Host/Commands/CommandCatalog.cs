using System.CommandLine;

namespace ActorPipeline.Host.Commands;

/// <summary>The verbs of the CLI, in the order `--help` lists them. One line per verb.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DeviceInfoCommand.Create();
        yield return DataInfoCommand.Create();
        yield return TrainCommand.Create();
        yield return ImpCommand.Create();
        yield return BenchCommand.Create();
        yield return SweepCommand.Create();
        yield return WorkerCommand.Create();
        yield return TlsCommand.Create();
        yield return SimilarityCommand.Create();
        yield return IntrinsicDimensionCommand.Create();
        yield return BenchSimilarityCommand.Create();
    }
}
