using ActorPipeline.Host.Cli;
using ActorPipeline.Ml.Data;
using ActorPipeline.Ml.Experiments;

namespace ActorPipeline.Host.UseCases;

/// <summary>Where an IMP repetition starts from: the plan, the dense network's folder and the data, from a sweep or a `train` run.</summary>
public sealed record ImpSource(ProblemPlan Plan, string DenseFolder, Cifar10Location Location, Cifar10Dataset Dataset)
{
    public static async Task<ImpSource> ResolveAsync(ImpRequest request, CancellationToken cancellation)
    {
        if ((request.SweepFolder is null) == (request.DenseRun is null)) throw new ArgumentException("Give either --sweep <sweep folder> or --dense <train folder>.");
        if (request.SweepFolder is { } sweepFolder)
        {
            var changes = request.Changes.Given().ToList();
            if (changes.Count > 0) throw new ArgumentException($"--sweep reproduces the sweep's plan; {string.Join(", ", changes)} would change it (drop them, or use --dense).");
            var source = SweepSource.Open(sweepFolder, request.Problem);
            var (location, dataset) = await source.LoadDataAsync(request.Data, request.AllowDownload, cancellation);
            return new ImpSource(source.Plan, source.DenseFolder, location, dataset);
        }

        var denseFolder = DenseFolderOf(request.DenseRun!);
        var trained = RunPlanFile.Load(denseFolder);
        if (trained.Plan.Key != request.Problem.ToLowerInvariant())
            throw new ArgumentException($"The dense run in {denseFolder} is for {trained.Plan.Problem}, not {request.Problem}.");
        var c = request.Changes;
        var plan = trained.Plan with
        {
            ImpEpochs = c.Epochs ?? trained.Plan.DenseEpochs,
            ConvRate = c.ConvRate ?? trained.Plan.ConvRate,
            FcRate = c.FcRate ?? trained.Plan.FcRate,
            PruneOutputLayer = c.PruneOutput ?? false,
            PruneBatchNorm = c.PruneBatchNorm ?? false,
            PruningGrouping = c.PerLayer == true ? ProtocolChoices.PerLayer : ProtocolChoices.Pooled,
            Rewind = c.Rewind ?? trained.Plan.Rewind,
        };
        var (denseLocation, denseDataset) = await Cifar10Loading.LoadAsync(request.Data ?? trained.DataPath, request.AllowDownload, cancellation);
        if ((denseLocation.Md5 ?? denseLocation.Path) != trained.DataChecksum)
            throw new ArgumentException($"The CIFAR-10 copy {denseLocation.Path} is not the one the dense run in {denseFolder} used ({trained.DataChecksum}); pass that copy with --data.");
        return new ImpSource(plan, denseFolder, denseLocation, denseDataset);
    }

    private static string DenseFolderOf(string path)
    {
        string folder;
        if (File.Exists(path)) folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        else if (Directory.Exists(path)) folder = path;
        else throw new DirectoryNotFoundException($"Dense run {path} does not exist; run `train` first.");
        var result = DenseRun.Load(folder);
        if (File.Exists(path) && Path.GetFullPath(path) != Path.GetFullPath(result.FinalWeightsPath))
            throw new ArgumentException($"{path} is not the final checkpoint of the dense run in {folder} ({result.FinalWeightsPath}); pass the run folder.");
        return folder;
    }
}
