namespace ActorPipeline.Host.Live;

/// <summary>The page's files, embedded in the assembly (Live/Assets): clusters are often offline, so no CDN and nothing to install.</summary>
internal static class LivePageAssets
{
    public static string Read(string name)
    {
        using var stream = typeof(LivePageAssets).Assembly.GetManifestResourceStream("live/" + name)
                           ?? throw new InvalidOperationException($"the live page's asset '{name}' is not embedded in {typeof(LivePageAssets).Assembly.GetName().Name} (Live/Assets/{name})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
