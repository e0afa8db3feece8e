using System.CommandLine;
using ActorPipeline.Host.Bench;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Configuration;

namespace ActorPipeline.Host.Commands;

/// <summary>
/// `bench coordinator`: steps persisted per second and the assignment and step-record latencies of a real sweep
/// coordinator and journal, with many simulated nodes whose compute returns at once (see <see cref="CoordinatorBenchmark"/>).
/// </summary>
internal static class BenchCoordinatorCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes (node agents in this process).", DefaultValueFactory = _ => 64 };
        var slots = new Option<int>("--slots") { Description = "Slots per node.", DefaultValueFactory = _ => 8 };
        var problems = new Option<string>("--problems") { Description = "Comma-separated problems (one supervisor and journal each).", DefaultValueFactory = _ => "cifar2,cifar4,cifar6,cifar8,cifar10" };
        var repetitions = new Option<int?>("--repetitions") { Description = "Repetitions per problem (default: the slots spread over the problems, so every slot is busy)." };
        var iterations = new Option<int>("--iterations") { Description = "IMP iterations per repetition (two steps each: trained, measured).", DefaultValueFactory = _ => 20 };
        var persistence = new Option<string>("--persistence") { Description = "sqlite (a file in a temporary folder) or postgresql.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection-string") { Description = "PostgreSQL connection string without password (the password comes from $ACTORPIPELINE_PG_PASSWORD)." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop after this many seconds and report what was persisted by then (default: run the sweep to its end)." };
        var layers = new Option<int>("--layers") { Description = "Tiny layers measured per step by similarity actors (default 0: none).", DefaultValueFactory = _ => 0 };
        var nodeThreads = new Option<int>("--node-threads")
        {
            Description = "Threads of the simulated nodes' own (0: they share the coordinator's, which measures this process's simulation more than the coordinator).",
            DefaultValueFactory = _ => CoordinatorBenchmarkOptions.DefaultNodeThreads,
        };
        var pages = new Option<int>("--pages") { Description = "Live pages kept open during the run (event-stream clients of the page the sweep serves); 0: no page.", DefaultValueFactory = _ => 0 };
        var command = new Command("coordinator", "Print steps persisted/s and assignment and step-record latencies of the sweep coordinator with many simulated nodes (no training).")
        {
            nodes, slots, problems, repetitions, iterations, persistence, connection, seconds, layers, nodeThreads, pages,
        };
        command.SetAction((parse, cancellation) => CliErrors.RunAsync(async () =>
        {
            var options = new CoordinatorBenchmarkOptions
            {
                Nodes = parse.GetValue(nodes),
                Slots = parse.GetValue(slots),
                Problems = parse.GetValue(problems)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Repetitions = parse.GetValue(repetitions),
                Iterations = parse.GetValue(iterations),
                Persistence = new PersistenceConfig { Provider = parse.GetValue(persistence)!, ConnectionString = parse.GetValue(connection) },
                Seconds = parse.GetValue(seconds),
                Layers = parse.GetValue(layers),
                NodeThreads = parse.GetValue(nodeThreads),
                Pages = parse.GetValue(pages),
            };
            var result = await CoordinatorBenchmark.RunAsync(options, Console.Out, cancellation);
            Console.WriteLine();
            Console.Write(result.Table());
            Console.WriteLine(result.Finished
                ? $"{result.StepsPersisted} of {result.StepsPlanned} steps persisted; {result.Assignments} assignments, {result.StepRecords} step records timed"
                : $"stopped after {result.Seconds:F0} s: {result.StepsPersisted} of {result.StepsPlanned} steps persisted; {result.Assignments} assignments, {result.StepRecords} step records timed");
            if (result.AssignmentsWithoutOffer > 0) Console.WriteLine($"warning: {result.AssignmentsWithoutOffer} assignment(s) without a timed offer (not counted)");
            Console.WriteLine(result.Targets());
            return 0;
        }));
        return command;
    }
}
