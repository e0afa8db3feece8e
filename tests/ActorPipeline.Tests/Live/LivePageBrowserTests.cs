using ActorPipeline.Tests.Actors;
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

    /// <summary>The host tests' tiny sweep on two problems, 3 repetitions × 3 iterations, two metrics and the intrinsic dimension: about a minute to watch it advance.</summary>
    private static readonly string Config = TinyHostSweep.Yaml
        .Replace("problems: [cifar2]", "problems: [cifar2, cifar4]").Replace("repetitions: 2", "repetitions: 3").Replace("\niterations: 2", "\niterations: 3")
        .Replace("metrics: [svcca, cca, pwcca, cka, nbs]", "metrics: [svcca, cka]") + "\nintrinsic_dimension: all\nintrinsic_dimension_points: 200\n";

    /// <summary>A folder name that is markup: the page must show it as text, and nothing in it may run.</summary>
    private const string HostileName = "sweep <img src=x onerror=window.__injected=1>";

    private static string UrlOf(string line) => line[(line.IndexOf("http://", StringComparison.Ordinal))..].Trim();

    private static Task<int> StepsShown(IPage page) => page.EvaluateExpressionAsync<int>("+(document.querySelector('#progress-text').dataset.stepsDone ?? -1)");

    [FactWhenChromium]
    public async Task A_running_sweeps_page_advances_without_a_reload_its_cells_turn_recorded_and_figure_2_appears_and_updates()
    {
        Assert.All(new[] { "problems: [cifar2, cifar4]", "repetitions: 3", "\niterations: 3", "metrics: [svcca, cka]" }, line => Assert.Contains(line, Config)); // TinyHostSweep still reads as expected
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, Config);
        var folder = temp.File("sweep");
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

        await Screenshots.KeepAsync(page, "problems-running");

        // Figure 2 appears, then is drawn again from more recorded steps.
        await page.ClickAsync("nav button[data-view='figures']");
        const string loaded = "(() => { const i = document.querySelector(\"#figure2 img[data-metric='svcca']\"); return i && i.complete && i.naturalWidth > 0 ? i.src : ''; })()";
        await page.WaitForFunctionAsync($"() => {loaded} !== ''", new WaitForFunctionOptions { Timeout = Wait });
        var firstFigure = await page.EvaluateExpressionAsync<string>(loaded);
        await page.WaitForFunctionAsync($"() => {loaded} !== '' && {loaded} !== {System.Text.Json.JsonSerializer.Serialize(firstFigure)}", new WaitForFunctionOptions { Timeout = Wait });
        log.WriteLine($"figure 2: {firstFigure} then {await page.EvaluateExpressionAsync<string>(loaded)}");
        await Screenshots.KeepAsync(page, "figures-running");

        int exit = await sweep.WaitForExit(Patience);
        log.WriteLine(sweep.Output);
        Assert.Equal(0, exit);

        // An ablation to compare with: one problem, fewer repetitions and iterations, gradient clipping.
        var ablationConfig = temp.File("ablation.yaml");
        File.WriteAllText(ablationConfig, Config.Replace("problems: [cifar2, cifar4]", "problems: [cifar2]").Replace("repetitions: 3", "repetitions: 1")
            .Replace("iterations: 3", "iterations: 1") + "\ngrad_clip_norm: 1.0\n");
        var ablation = temp.File(HostileName);
        using (var other = HostProcess.Start("sweep", "--config", ablationConfig, "--data", data.Folder, "--no-download", "--out", ablation, "--ui", "off"))
            Assert.True(await other.WaitForExit(Patience) == 0, other.Output);

        // Finished: `sweep view` serves the same page from the journal; a cell opens its repetition's iterations.
        int viewPort = LocalHttpServer.FreePort();
        using var view = HostProcess.Start("sweep", "view", "--sweep", folder, "--ui", $"127.0.0.1:{viewPort}", "--compare", ablation);
        var viewUrl = UrlOf(await view.WaitForLine("live    http://", Patience));
        await page.GoToAsync(viewUrl);
        await page.WaitForFunctionAsync("() => document.querySelector('#progress-text').textContent.includes('finished')", new WaitForFunctionOptions { Timeout = Wait });
        Assert.Equal(38, await StepsShown(page));
        Assert.Contains("sweep view", await page.EvaluateExpressionAsync<string>("document.querySelector('#mode').textContent"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('td.cell:not(.recorded)').length"));
        await Screenshots.KeepAsync(page, "problems-finished");

        await page.ClickAsync("table.grid[data-problem='cifar4'] tr:nth-child(3) td.cell[data-iteration='2']");
        await page.WaitForSelectorAsync("#detail:not([hidden]) table.detail tr[data-iteration='3']", new WaitForSelectorOptions { Timeout = Wait });
        var detail = await page.EvaluateExpressionAsync<string>("document.querySelector('#detail').innerText");
        Assert.Contains("cifar4 repetition 1", detail);
        Assert.Contains("conv1", detail);
        // iteration 3's layers × metrics: a header and one row per probed layer, each with a value per metric
        var values = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll(\"#detail tr[data-iteration='3'] table.layers tr\")].slice(1).map(r => r.cells[1].textContent)");
        Assert.True(values.Length >= 4, $"{values.Length} layers listed");
        Assert.All(values, v => Assert.InRange(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), -1.0, 1.0));
        // the intrinsic dimension of each layer, measured on 200 probe images, in its own column
        var header = await page.EvaluateExpressionAsync<string[]>("[...document.querySelector(\"#detail tr[data-iteration='3'] table.layers tr\").cells].map(c => c.textContent)");
        Assert.Equal("ID", header[^1]);
        var dimensions = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll(\"#detail tr[data-iteration='3'] table.layers tr\")].slice(1).map(r => r.cells[r.cells.length - 1].textContent)");
        Assert.All(dimensions, d => Assert.InRange(double.Parse(d, System.Globalization.CultureInfo.InvariantCulture), 0.5, 200));
        Assert.Contains("sweep.id=", detail); // no --trace-url: the tags to search Jaeger for
        await Screenshots.KeepAsync(page, "detail");

        await page.ClickAsync("#detail-close");
        await page.ClickAsync("nav button[data-view='nodes']");
        await page.WaitForSelectorAsync("table.nodes", new WaitForSelectorOptions { Timeout = Wait });
        Assert.Contains("local", await page.EvaluateExpressionAsync<string>("document.querySelector('#nodes').innerText"));
        await Screenshots.KeepAsync(page, "nodes");

        // The compare view lists exactly the plan settings that differ, and overlays the figures.
        await page.ClickAsync("nav button[data-view='compare']");
        await page.WaitForFunctionAsync("() => { const d = document.querySelector('#compare-frame').contentDocument; return d && d.querySelectorAll('#settings li').length > 0 && d.querySelectorAll('svg').length >= 2; }",
            new WaitForFunctionOptions { Timeout = Wait });
        var settings = await page.EvaluateExpressionAsync<string[]>("[...document.querySelector('#compare-frame').contentDocument.querySelectorAll('#settings li')].map(li => li.dataset.setting)");
        Assert.Equal(["problems", "repetitions", "iterations", "grad_clip_norm"], settings);

        // What came from a path is text, on the page and in the comparison: shown as written, nothing of it ran.
        Assert.Contains(HostileName, await page.EvaluateExpressionAsync<string>("document.querySelector('#compare-with').textContent"));
        Assert.Contains(HostileName, await page.EvaluateExpressionAsync<string>("document.querySelector('#compare-frame').contentDocument.querySelector('table.sweeps').textContent"));
        Assert.False(await page.EvaluateExpressionAsync<bool>("window.__injected === 1 || document.querySelector('#compare-frame').contentWindow.__injected === 1"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#compare-with img').length + document.querySelector('#compare-frame').contentDocument.querySelectorAll('table.sweeps img').length"));
        await Screenshots.KeepAsync(page, "compare");
    }

    [FactWhenChromium(AndPostgreSql = true)]
    public async Task A_journal_outage_shows_on_the_page_while_it_lasts_and_clears_when_the_database_is_back()
    {
        using var temp = new TempDirectory();
        var config = temp.File("sweep.yaml");
        File.WriteAllText(config, Config);
        using var server = PostgreSqlServer.Start(55481);
        int port = LocalHttpServer.FreePort();
        using var sweep = HostProcess.Start(server.Environment, "sweep", "--config", config, "--data", data.Folder, "--no-download", "--out", temp.File("pg"),
            "--persistence", "postgresql", "--connection-string", server.ConnectionString, "--ui", $"127.0.0.1:{port}");
        var url = UrlOf(await sweep.WaitForLine("live    http://", Patience));
        await using var browser = await SystemChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GoToAsync(url);
        await page.WaitForSelectorAsync("td.cell.recorded[data-iteration='0']", new WaitForSelectorOptions { Timeout = Wait });

        server.Stop();
        await page.WaitForFunctionAsync("() => document.querySelector('#journal').textContent.includes('unavailable since')", new WaitForFunctionOptions { Timeout = Wait });
        log.WriteLine(await page.EvaluateExpressionAsync<string>("document.querySelector('#journal').textContent"));
        Assert.Equal("down", await page.EvaluateExpressionAsync<string>("document.querySelector('#journal').className"));
        await Screenshots.KeepAsync(page, "journal-outage");

        server.Restart();
        await page.WaitForFunctionAsync("() => document.querySelector('#journal').textContent.endsWith(': available')", new WaitForFunctionOptions { Timeout = Wait });
        log.WriteLine(await page.EvaluateExpressionAsync<string>("document.querySelector('#journal').textContent"));
        Assert.Equal(0, await sweep.WaitForExit(Patience)); // the sweep itself may or may not have written during the outage: it waits if it did
    }
}
