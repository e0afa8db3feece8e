using System.CommandLine;
using ActorPipeline.Host.Live;

namespace ActorPipeline.Host.Commands;

/// <summary>The live page's flags, shared by `sweep` and `sweep view`.</summary>
internal static class LivePageCli
{
    public static Option<string?> UiOption() => new("--ui")
    {
        Description = $"The live page: HOST:PORT or PORT (default 127.0.0.1:{LivePageOptions.DefaultPort}; a busy port: the next free one), or off. " +
                      "A non-loopback address needs a token (--ui-token, else one is generated and printed once).",
    };

    public static Option<string?> TokenOption() => new("--ui-token") { Description = "The token the live page asks for (at least 16 characters; default: generated when the page listens beyond this machine)." };

    public static Option<string?> CompareOption() => new("--compare")
    {
        Description = "A finished sweep's folder: the live page gets a compare view (the plan settings that differ, figures 1 and 2 overlaid), as `sweep compare` writes it.",
    };

    public static Option<string?> TraceUrlOption() => new("--trace-url")
    {
        Description = "A link to a repetition's traces for the live page's detail view, with {sweep}, {problem} and {repetition} filled in " +
                      "(e.g. a Jaeger search by those tags); without it the page shows the tags to search for.",
    };
}
