using PuppeteerSharp;

namespace ActorPipeline.Tests.Live;

/// <summary>
/// The system's Chromium (Debian's `chromium`, installed by .ci/run; $ACTORPIPELINE_CHROMIUM to name another), driven by
/// PuppeteerSharp. Nothing here downloads a browser.
/// </summary>
internal static class SystemChromium
{
    public const string Variable = "ACTORPIPELINE_CHROMIUM";

    public static string? Path =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<IBrowser> LaunchAsync() =>
        await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Path ?? throw new InvalidOperationException($"no Chromium: install Debian's chromium or set ${Variable}"),
            Headless = true,
            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 1000 },
        });
}

/// <summary>Runs when the system has Chromium; otherwise skipped, saying why.</summary>
internal sealed class FactWhenChromiumAttribute : FactAttribute
{
    public FactWhenChromiumAttribute()
    {
        if (SystemChromium.Path is null)
            Skip = $"no Chromium at /usr/bin/chromium (apt install chromium; .ci/run does) and ${SystemChromium.Variable} not set: the live page's browser tests cannot run.";
    }

    private readonly bool _andPostgreSql;

    /// <summary>The test also needs a PostgreSQL server of its own (its binaries, as .ci/run installs them).</summary>
    public bool AndPostgreSql
    {
        get => _andPostgreSql;
        init
        {
            _andPostgreSql = value;
            if (value && Skip is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Actors.FactWhenPostgreSqlAttribute.Variable)))
                Skip = $"${Actors.FactWhenPostgreSqlAttribute.Variable} is not set: no PostgreSQL to take down (.ci/run starts one).";
        }
    }
}
