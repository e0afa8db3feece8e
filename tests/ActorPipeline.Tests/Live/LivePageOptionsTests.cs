using System.Net;
using ActorPipeline.Host.Live;

namespace ActorPipeline.Tests.Live;

public sealed class LivePageOptionsTests
{
    [Fact]
    public void By_default_the_page_listens_on_the_loopback_without_a_token()
    {
        var options = LivePageOptions.Parse(null)!;
        Assert.Equal((IPAddress.Loopback, LivePageOptions.DefaultPort, (string?)null), (options.Address, options.Port, options.Token));
        Assert.Equal("http://127.0.0.1:8781/", options.Url(8781));
    }

    [Fact]
    public void Off_is_no_page_and_a_port_alone_stays_on_the_loopback() 
    {
        Assert.Null(LivePageOptions.Parse("off"));
        Assert.Equal(IPAddress.Loopback, LivePageOptions.Parse("9000")!.Address);
        Assert.Equal(9000, LivePageOptions.Parse("localhost:9000")!.Port);
    }

    [Fact]
    public void A_non_loopback_address_gets_a_generated_token_unless_one_is_given_and_the_url_carries_it()
    {
        var generated = LivePageOptions.Parse("0.0.0.0:8780")!;
        Assert.Matches("^[0-9a-f]{32}$", generated.Token);
        Assert.NotEqual(generated.Token, LivePageOptions.Parse("0.0.0.0:8780")!.Token);
        Assert.EndsWith($"?token={generated.Token}", generated.Url(8780));
        Assert.Equal("a-token-of-my-own-choice", LivePageOptions.Parse("10.0.0.5:8780", "a-token-of-my-own-choice")!.Token);
    }

    [Theory]
    [InlineData("127.0.0.1:0", "port from 1 to 65535")]
    [InlineData("127.0.0.1:http", "port from 1 to 65535")]
    [InlineData("myhost:8780", "'myhost' is not an IP address")]
    public void Bad_values_are_refused_naming_the_problem(string value, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => LivePageOptions.Parse(value)).Message);

    [Fact]
    public void A_short_token_and_a_trace_url_that_is_not_a_url_are_refused()
    {
        Assert.Contains("at least 16", Assert.Throws<ArgumentException>(() => LivePageOptions.Parse(null, "short")).Message);
        Assert.Contains("--trace-url", Assert.Throws<ArgumentException>(() => LivePageOptions.Parse(null, traceUrl: "jaeger")).Message);
    }
}
