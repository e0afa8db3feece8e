using ActorPipeline.Actors.Observers;
using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Configuration;
using ActorPipeline.Host.Hosting;
using ActorPipeline.Host.Planning;

namespace ActorPipeline.Tests.Nodes;

/// <summary>`sweep status` reads nodes.json: none is no nodes block, a damaged one is an error naming the file.</summary>
public sealed class NodeStatusReadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorpipeline-nodes-read-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_folder_without_nodes_json_has_no_status() => Assert.Null(NodeStatusFile.TryRead(_folder));

    [Theory]
    [InlineData("{ \"nodes\": [ { \"name\": ")] // cut off mid-write by something other than our atomic writer
    [InlineData("not json at all")]
    [InlineData("{}")] // valid JSON, but no nodes
    [InlineData("null")]
    public void A_damaged_nodes_json_is_an_error_naming_the_file(string text)
    {
        var path = Path.Combine(_folder, NodeStatusFile.FileName);
        File.WriteAllText(path, text);

        var error = Assert.Throws<InvalidDataException>(() => NodeStatusFile.TryRead(_folder));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a valid nodes status file", error.Message);
    }
}
