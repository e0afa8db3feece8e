using ActorPipeline.Actors.Plans;

namespace ActorPipeline.Tests.Plans;

/// <summary>
/// Paths in messages are relative to the sweep root; each node resolves them against its own root and refuses any that
/// would leave it. Plain string arithmetic on paths (no file needs to exist), so odd inputs are cheap to pin down.
/// </summary>
public sealed class SweepPathsTests
{
    [Theory]
    [InlineData("/data/sweep/artifacts", "/data/sweep")]
    [InlineData("/data/sweep/artifacts/", "/data/sweep")] // a trailing separator names the same folder
    [InlineData("/data/sweep/./artifacts", "/data/sweep")]
    [InlineData("/data/other/../sweep/artifacts", "/data/sweep")]
    [InlineData("/artifacts", "/")]
    public void The_root_is_the_artifact_folders_parent(string artifactFolder, string root) =>
        Assert.Equal(root, SweepPaths.Root(artifactFolder));

    [Fact]
    public void A_relative_artifact_folder_is_taken_from_the_current_folder() =>
        Assert.Equal(Environment.CurrentDirectory, SweepPaths.Root("artifacts"));

    [Fact]
    public void The_file_system_root_has_no_parent_to_be_a_sweep_root() =>
        Assert.Throws<ArgumentException>(() => SweepPaths.Root("/"));

    [Theory]
    [InlineData("/data/sweep", "/data/sweep/artifacts/cifar2/dense/final.pt", "artifacts/cifar2/dense/final.pt")]
    [InlineData("/data/sweep/", "/data/sweep/artifacts/cifar2", "artifacts/cifar2")]
    [InlineData("/data/sweep", "/data/sweep/artifacts/../artifacts/x", "artifacts/x")]
    [InlineData("/data/sweep", "/data/sweep", ".")]
    [InlineData("/data/sweep", "/data/sweep2/x", "../sweep2/x")] // outside: said as it is, refused when resolved
    public void A_path_is_made_relative_to_the_root_with_forward_slashes(string root, string path, string relative) =>
        Assert.Equal(relative, SweepPaths.Relative(root, path));

    [Fact]
    public void A_relative_path_is_taken_from_the_current_folder_before_it_is_made_relative_to_the_root() =>
        Assert.Equal($"{Path.GetFileName(Environment.CurrentDirectory)}/x/y", SweepPaths.Relative(Path.GetDirectoryName(Environment.CurrentDirectory)!, "x/y"));

    [Theory]
    [InlineData("/node/root", "artifacts/cifar2/dense", "/node/root/artifacts/cifar2/dense")]
    [InlineData("/node/root/", "artifacts/cifar2", "/node/root/artifacts/cifar2")]
    [InlineData("/node/root", "artifacts/./cifar2/../cifar4", "/node/root/artifacts/cifar4")]
    [InlineData("/node/root", ".", "/node/root")] // the root itself does not leave the root
    [InlineData("/node/root", "", "/node/root")]
    [InlineData("/", "artifacts", "/artifacts")]
    public void A_relative_path_resolves_under_the_root(string root, string relative, string resolved) =>
        Assert.Equal(resolved, SweepPaths.Resolve(root, relative));

    [Theory]
    [InlineData("/node/root", "..")]
    [InlineData("/node/root", "../root2/artifacts")] // a sibling whose name starts like the root's
    [InlineData("/node/root", "artifacts/../../elsewhere")]
    public void A_path_that_leaves_the_root_is_refused_naming_it_and_the_root(string root, string relative)
    {
        var refused = Assert.Throws<ArgumentException>(() => SweepPaths.Resolve(root, relative));
        Assert.Contains($"'{relative}' leaves the sweep root {root}", refused.Message);
    }

    [Fact]
    public void An_absolute_path_in_a_message_is_refused()
    {
        var refused = Assert.Throws<ArgumentException>(() => SweepPaths.Resolve("/node/root", "/node/root/artifacts"));
        Assert.Contains("is absolute", refused.Message);
    }

    [Theory]
    [InlineData("/coordinator/mount/sweep", "/worker/nfs/sweep")]
    [InlineData("/same/sweep", "/same/sweep")]
    [InlineData("/a", "/b/c/d/e")]
    public void A_path_made_relative_on_one_node_resolves_to_the_same_place_under_another_nodes_root(string coordinatorRoot, string workerRoot)
    {
        var onCoordinator = Path.Combine(coordinatorRoot, "artifacts", "cifar2", "rep-03");

        var onWorker = SweepPaths.Resolve(workerRoot, SweepPaths.Relative(coordinatorRoot, onCoordinator));

        Assert.Equal(Path.Combine(workerRoot, "artifacts", "cifar2", "rep-03"), onWorker);
        Assert.Equal(SweepPaths.Relative(coordinatorRoot, onCoordinator), SweepPaths.Relative(workerRoot, onWorker));
    }
}
