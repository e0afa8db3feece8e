using ActorPipeline.Ml.Training;
using ActorPipeline.Tests.Data;

namespace ActorPipeline.Tests.Training;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_write_the_storage_refuses_is_a_storage_fault_naming_the_path_and_leaves_no_file()
    {
        using var temp = new TempDirectory();
        var target = temp.File("final.pt");
        File.WriteAllText(target, "previous");

        var fault = Assert.Throws<StorageFaultException>(() => AtomicFile.Write(target, partial =>
        {
            File.WriteAllText(partial, "half a checkpoint");
            throw new IOException("No space left on device");
        }));

        Assert.Equal(target, fault.FilePath);
        Assert.Contains(target, fault.Message);
        Assert.Contains("No space left on device", fault.Message);
        Assert.Equal("previous", File.ReadAllText(target)); // the old file is untouched
        Assert.Equal([target], Directory.GetFiles(temp.Path)); // no temporary file left behind
    }

    [Fact]
    public void A_failure_of_the_content_is_not_a_storage_fault()
    {
        using var temp = new TempDirectory();
        var target = temp.File("metrics.csv");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, _ => throw new InvalidOperationException("bad tensor")));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
