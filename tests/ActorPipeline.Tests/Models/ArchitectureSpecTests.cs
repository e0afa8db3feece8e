using ActorPipeline.Ml.Models;

namespace ActorPipeline.Tests.Models;

public sealed class ArchitectureSpecTests
{
    [Fact]
    public void Parses_table_2_notation_and_prints_it_back()
    {
        var spec = ArchitectureSpec.Parse("64*, 64, MP, 128*", "1024§*");
        Assert.Equal([new ConvSpec(64, true), new ConvSpec(64, false), new MaxPoolSpec(), new ConvSpec(128, true)], spec.Convolutional);
        Assert.Equal([new FcSpec(1024, Dropout: true, BatchNorm: true)], spec.FullyConnected);
        Assert.Equal("64*, 64, MP, 128* / 1024§*", spec.ToString());
    }

    [Theory]
    [InlineData("16*, x, MP", "256§", "\"x\"")]
    [InlineData("MP, 16", "256§", "must start with a convolution")]
    [InlineData("16", "256#", "\"256#\"")]
    [InlineData("16, -4", "256", "\"-4\"")]
    public void Rejects_bad_notation_naming_the_token(string conv, string fc, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ArchitectureSpec.Parse(conv, fc));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Paper_architectures_match_table_2()
    {
        Assert.Equal("16*, 16, MP / 256§", PaperArchitectures.For("cifar2").ToString());
        Assert.Equal("16*, 16, MP, 32*, 32, MP / 256§", PaperArchitectures.For("Cifar4").ToString());
        Assert.Equal("64*, 64, MP, 128*, 128, MP, 256*, 256, MP / 256§", PaperArchitectures.For("cifar6").ToString());
        Assert.Equal(PaperArchitectures.For("cifar8"), PaperArchitectures.For("cifar10"));
        Assert.Equal(2, PaperArchitectures.For("cifar10").FinalSpatialSize());
        Assert.Contains("cifar3", Assert.Throws<ArgumentException>(() => PaperArchitectures.For("cifar3")).Message);
    }

    [Theory]
    [InlineData("cifar2")]
    [InlineData("cifar6")]
    [InlineData("cifar10")]
    public void The_whole_notation_parses_back_to_the_same_network(string problem)
    {
        var spec = PaperArchitectures.For(problem);
        Assert.Equal(spec, ArchitectureSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void A_notation_without_the_separator_is_a_clear_error() =>
        Assert.Contains("<conv layers> / <fc layers>", Assert.Throws<FormatException>(() => ArchitectureSpec.Parse("16*, 16, MP, 256§")).Message);
}
