using ActorPipeline.Actors.Dispatch;
using ActorPipeline.Actors.Wire;
using ActorPipeline.Host.Cluster;
using ActorPipeline.Tests.Data;
using ActorPipeline.Actors.Nodes;
using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Cluster;

/// <summary>A worker pulls work only for a sweep whose folder it sees and whose data it holds; otherwise it says what to fix.</summary>
public sealed class WorkerAdmissionTests
{
    private const string Md5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private static string SweepFolder(TempDirectory temp, string sweepId)
    {
        var plan = ActorPipeline.Tests.Actors.TinySweeps.Plan(temp.Path);
        new SweepManifest(sweepId, "quick", new SweepConfig(), plan, "/data/cifar-10-binary.tar.gz", Md5).Save(temp.Path);
        return temp.Path;
    }

    [Fact]
    public void The_same_sweep_and_the_same_data_are_admitted()
    {
        using var temp = new TempDirectory();
        Assert.Null(WorkerAdmission.Check(new NodeRegistered("abc", Md5, []), SweepFolder(temp, "abc"), "/mnt/data.tar.gz", Md5.ToUpperInvariant()));
    }

    [Fact]
    public void The_parent_of_the_sweep_folder_is_refused_naming_the_sweep_folder_it_holds()
    {
        using var temp = new TempDirectory();
        var sweep = Path.Combine(temp.Path, "sweep-paper-abc");
        Directory.CreateDirectory(sweep);
        new SweepManifest("abc", "paper", new SweepConfig(), ActorPipeline.Tests.Actors.TinySweeps.Plan(sweep), "/data/cifar-10-binary.tar.gz", Md5).Save(sweep);
        Directory.CreateDirectory(Path.Combine(temp.Path, "not-a-sweep"));

        var refusal = WorkerAdmission.Check(new NodeRegistered("abc", Md5, []), temp.Path, "/mnt/data.tar.gz", Md5);
        Assert.Equal($"--sweep-folder {temp.Path} holds no sweep.json: it is the folder above a sweep: pass --sweep-folder {sweep}", refusal);
    }

    [Fact]
    public void A_folder_without_a_sweep_is_refused_saying_to_mount_the_shared_folder()
    {
        using var temp = new TempDirectory();
        var refusal = WorkerAdmission.Check(new NodeRegistered("abc", Md5, []), temp.Path, "/mnt/data.tar.gz", Md5);
        Assert.Contains("holds no sweep.json", refusal);
        Assert.Contains("shared filesystem", refusal);
    }

    [Fact]
    public void Another_sweeps_folder_is_refused_naming_both_sweeps()
    {
        using var temp = new TempDirectory();
        var refusal = WorkerAdmission.Check(new NodeRegistered("abc", Md5, []), SweepFolder(temp, "def"), "/mnt/data.tar.gz", Md5);
        Assert.Contains("holds sweep def, but the coordinator runs sweep abc", refusal);
    }

    [Fact]
    public void Other_data_is_refused_naming_both_checksums()
    {
        using var temp = new TempDirectory();
        var refusal = WorkerAdmission.Check(new NodeRegistered("abc", Md5, []), SweepFolder(temp, "abc"), "/mnt/other.tar.gz", "0123456789abcdef0123456789abcdef");
        Assert.Contains("/mnt/other.tar.gz, md5 0123456789abcdef0123456789abcdef", refusal);
        Assert.Contains($"md5 {Md5}", refusal);
    }
}
