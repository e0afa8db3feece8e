using PuppeteerSharp;
using SkiaSharp;

namespace ActorPipeline.Tests.Live;

/// <summary>
/// Screenshots of the live page kept as test artifacts ($ACTORPIPELINE_TEST_ARTIFACTS, else artifacts/ beside the tests),
/// each checked to show something: a blank or one-colour page fails the test.
/// </summary>
internal static class Screenshots
{
    public static string Folder
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("ACTORPIPELINE_TEST_ARTIFACTS") is { Length: > 0 } given ? given : System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts");
            var folder = System.IO.Path.Combine(root, "live-page");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <returns>The file written.</returns>
    public static async Task<string> KeepAsync(IPage page, string name)
    {
        var path = System.IO.Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        AssertNotBlank(path);
        return path;
    }

    /// <summary>At least a few hundred distinct colours and not mostly one: text, grid cells or a figure were drawn.</summary>
    public static void AssertNotBlank(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image");
        var counts = new Dictionary<uint, int>();
        for (int y = 0; y < bitmap.Height; y += 2)
        for (int x = 0; x < bitmap.Width; x += 2)
        {
            var key = (uint)bitmap.GetPixel(x, y);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        int total = counts.Values.Sum();
        Assert.True(counts.Count >= 50, $"{path}: only {counts.Count} distinct colours: the page looks blank");
        Assert.True(counts.Values.Max() < total * 0.97, $"{path}: one colour covers {100.0 * counts.Values.Max() / total:F1}% of it: the page looks blank");
    }
}
