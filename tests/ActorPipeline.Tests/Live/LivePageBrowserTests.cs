using ActorPipeline.Tests.Data;
using ActorPipeline.Tests.Sweeps;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace ActorPipeline.Tests.Live;

/// <summary>
/// The live page in a real browser (the system's Chromium) against a real sweep: the `sweep` process serves it while it
/// runs, `sweep view` afterwards from the journal. Each view is kept as a screenshot and checked not to be blank.
/// </summary>
public sealed class LivePageBrowserTests(FullSizeSyntheticCifar data, ITestOutputHelper log) : IClassFixture<FullSizeSyntheticCifar>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private const int Wait = 5 * 60 * 1000;

    /// <summary>Two problems, 3 repetitions × 3 iterations: long enough (about a minute) to watch it advance.</summary>
    private const string Config = """
        problems: [cifar2, cifar4]
        repetitions: 3
        iterations: 3
        dense_epochs: 3
        imp_epochs: 2
        rewind_epoch: 1
        early_stopping: off
        train_limit: 300
        test_limit: 100
        probe_size: 400
        probe_batch_size: 50
        batch_size: 50
        metrics: [svcca, cka]
        devices: cpu
        slots_per_device: 1
        max_retries: 0
        """;

    /// <summary>A folder name that is markup: the page must show it as text, and nothing in it may run.</summary>
    private const string HostileName = "sweep <img src=x onerror=window.__injected=1>";

    private static string UrlOf(string line) => line[(line.IndexOf("http://", StringComparison.Ordinal))..].Trim();

    private static Task<int> StepsShown(IPage page) => page.EvaluateExpressionAsync<int>("+(document.querySelector('#progress-text').dataset.stepsDone ?? -1)");

    [FactWhenChromium]
    public async Task A_running_sweeps_page_advances_without_a_reload_its_cells_turn_recorded_and_figure_2_appears_and_updates()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, Config);
        var folder = temp.File(HostileName);
        int port = LocalHttpServer.FreePort();
        using var sweep = HostProcess.Start("sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", folder, "--ui", $"127.0.0.1:{port}");
        var url = UrlOf(await sweep.WaitForLine("live    http://", Patience));
        Assert.Equal($"http://127.0.0.1:{port}/", url);

        await using var browser = await SystemChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GoToAsync(url);
        await page.EvaluateExpressionAsync("window.__sameDocument = true");
        await page.WaitForFunctionAsync("() => document.querySelector('#progress-text').dataset.stepsDone !== undefined", new WaitForFunctionOptions { Timeout = Wait });
        int first = await StepsShown(page);

        // A pruned network's cell turns recorded, and the count moved on, in the same document (no reload).
        await page.WaitForSelectorAsync("td.cell.recorded[data-iteration='1']", new WaitForSelectorOptions { Timeout = Wait });
        await page.WaitForFunctionAsync($"() => +document.querySelector('#progress-text').dataset.stepsDone > {first}", new WaitForFunctionOptions { Timeout = Wait });
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.__sameDocument === true"));
        log.WriteLine($"steps shown: {first} at first, {await StepsShown(page)} now");
        Assert.Equal("live", await page.EvaluateExpressionAsync<string>("document.querySelector('#connection').textContent"));

        // What came from a path is text: shown as written, nothing of it ran.
        Assert.Contains(HostileName, await page.EvaluateExpressionAsync<string>("document.querySelector('#folder').textContent"));
        Assert.False(await page.EvaluateExpressionAsync<bool>("window.__injected === 1"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#folder img').length"));
        await Screenshots.KeepAsync(page, "problems-running");

        // Figure 2 appears, then is drawn again from more recorded steps.
        await page.ClickAsync("nav button[data-view='figures']");
        const string loaded = "(() => { const i = document.querySelector(\"#figure2 img[data-metric='svcca']\"); return i && i.complete && i.naturalWidth > 0 ? i.src : ''; })()";
        await page.WaitForFunctionAsync($"() => {loaded} !== ''", new WaitForFunctionOptions { Timeout = Wait });
        var firstFigure = await page.EvaluateExpressionAsync<string>(loaded);
        await page.WaitForFunctionAsync($"() => {loaded} !== '' && {loaded} !== {System.Text.Json.JsonSerializer.Serialize(firstFigure)}", new WaitForFunctionOptions { Timeout = Wait });
        log.WriteLine($"figure 2: {firstFigure} then {await page.EvaluateExpressionAsync<string>(loaded)}");
        await Screenshots.KeepAsync(page, "figures-running");

        Assert.Equal(0, await sweep.WaitForExit(Patience));
        log.WriteLine(sweep.Output);
    }
}
