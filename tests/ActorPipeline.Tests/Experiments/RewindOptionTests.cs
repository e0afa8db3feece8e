using System.CommandLine;
using ActorPipeline.Host.Cli;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.UseCases;
using ActorPipeline.Ml.Experiments;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Experiments;

/// <summary>`--rewind` on the command line: train's protocol options set it, `imp --sweep` refuses it (it would change the sweep's plan).</summary>
public sealed class RewindOptionTests
{
    [Fact]
    public void Trains_rewind_option_reaches_the_config_and_is_left_at_the_default_when_not_given()
    {
        var protocol = new ProtocolCliOptions();
        var command = new Command("train");
        protocol.AddTo(command);

        var given = new SweepConfig();
        protocol.ApplyTo(command.Parse(["--rewind", ProtocolChoices.RewindLearningRate]), given);
        var absent = new SweepConfig();
        protocol.ApplyTo(command.Parse([]), absent);

        Assert.Equal((ProtocolChoices.RewindLearningRate, ProtocolChoices.RewindWeights), (given.Rewind, absent.Rewind));
    }

    [Fact]
    public async Task Imp_of_a_sweep_refuses_rewind_as_a_change_of_the_sweeps_plan()
    {
        using var folder = new TempDirectory();
        var request = new ImpRequest("cifar2", 0) { SweepFolder = folder.Path, Changes = new ImpPlanChanges(Rewind: ProtocolChoices.RewindLearningRate) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ImpSource.ResolveAsync(request, CancellationToken.None));

        Assert.Contains("--rewind would change it", error.Message);
    }
}
