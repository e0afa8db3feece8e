using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorPipeline.Ml.Models;

/// <summary>
/// The paper's VGG-like CNN built from an <see cref="ArchitectureSpec"/>: conv blocks
/// (3×3 conv, padding 1 → batch norm when starred → ReLU), 2×2 max-pools, hidden fc blocks
/// (linear → batch norm when starred → ReLU → dropout when marked), and a linear output with one
/// unit per class (softmax lives in the loss). Between the last conv block and fc1 the feature map is
/// flattened or globally average-pooled (<see cref="NetworkOptions.FcInput"/>).
/// Probe points, in forward order: conv1…, pool1…, fc1… (each block's output after its ReLU;
/// fc probes are taken before dropout). Parameter names read e.g. "conv1.conv.weight", "fc1.bn.bias".
/// </summary>
public sealed class PaperCnn : nn.Module<Tensor, Tensor>
{
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Block)> _features = [];
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Block, GeneratorDropout? Dropout)> _hidden = [];
    private readonly Linear _output;

    /// <param name="options">Dropout rate and fc input; null: <see cref="NetworkOptions"/>' defaults (dropout 0.5, flatten).</param>
    public PaperCnn(ArchitectureSpec spec, int classCount, NetworkOptions? options = null) : base(nameof(PaperCnn))
    {
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier needs at least two classes.");
        options ??= new NetworkOptions();
        options.Validate();
        Spec = spec;
        ClassCount = classCount;
        Options = options;
        // TorchSharp's conv constructor leaves a temporary tensor wrapper behind; the scope reclaims it
        // (parameters and buffers belong to their modules and survive the scope).
        using var scope = NewDisposeScope();

        long channels = 3;
        int convIndex = 0, poolIndex = 0;
        foreach (var layer in spec.Convolutional)
        {
            switch (layer)
            {
                case ConvSpec conv:
                    var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv", nn.Conv2d(channels, conv.Channels, 3, padding: 1)) };
                    if (conv.BatchNorm) modules.Add(("bn", nn.BatchNorm2d(conv.Channels)));
                    modules.Add(("relu", nn.ReLU()));
                    AddFeature($"conv{++convIndex}", nn.Sequential(modules.ToArray()));
                    channels = conv.Channels;
                    break;
                case MaxPoolSpec:
                    AddFeature($"pool{++poolIndex}", nn.MaxPool2d(2, 2));
                    break;
                default:
                    throw new ArgumentException($"Layer {layer} cannot appear in the convolutional part.", nameof(spec));
            }
        }

        int spatial = spec.FinalSpatialSize();
        long features = options.FcInput == FcInput.GlobalAveragePooling ? channels : channels * spatial * spatial;
        int fcIndex = 0;
        foreach (var fc in spec.FullyConnected)
        {
            var name = $"fc{++fcIndex}";
            var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("linear", nn.Linear(features, fc.Units)) };
            if (fc.BatchNorm) modules.Add(("bn", nn.BatchNorm1d(fc.Units)));
            modules.Add(("relu", nn.ReLU()));
            var block = nn.Sequential(modules.ToArray());
            register_module(name, block);
            GeneratorDropout? dropout = null;
            if (fc.Dropout)
            {
                dropout = new GeneratorDropout(options.DropoutRate);
                register_module($"{name}_dropout", dropout);
            }
            _hidden.Add((name, block, dropout));
            features = fc.Units;
        }

        _output = nn.Linear(features, classCount);
        register_module("output", _output);
        ProbePoints = _features.Select(f => f.Name).Concat(_hidden.Select(h => h.Name)).ToArray();
    }

    public ArchitectureSpec Spec { get; }
    public int ClassCount { get; }
    public NetworkOptions Options { get; }

    /// <summary>Names of the layers whose activations can be compared (everything but the output).</summary>
    public IReadOnlyList<string> ProbePoints { get; }

    /// <summary>Generator for the dropout masks (set per training for reproducibility).</summary>
    public void UseDropoutGenerator(Generator? generator)
    {
        foreach (var (_, _, dropout) in _hidden)
            if (dropout is not null) dropout.Generator = generator;
    }

    /// <summary>
    /// Re-draws every conv and linear parameter from <paramref name="generator"/> with PyTorch's default
    /// scheme (uniform ±1/√fan_in for weights and biases), and resets batch norm, so that a seed alone
    /// fixes the initial network.
    /// </summary>
    public void Initialize(Generator generator)
    {
        using var scope = NewDisposeScope(); // in-place ops return wrappers that must not outlive this call
        using var noGrad = no_grad();
        foreach (var (name, parameter, role) in NamedParametersWithRoles())
        {
            switch (role)
            {
                case ParameterRole.ConvWeight or ParameterRole.FcWeight or ParameterRole.OutputWeight:
                case ParameterRole.ConvBias or ParameterRole.FcBias or ParameterRole.OutputBias:
                    var bound = 1.0 / Math.Sqrt(FanIn(name));
                    parameter.uniform_(-bound, bound, generator);
                    break;
                case ParameterRole.BatchNormWeight:
                    parameter.fill_(1);
                    break;
                case ParameterRole.BatchNormBias:
                    parameter.zero_();
                    break;
            }
        }
        foreach (var (bufferName, buffer) in named_buffers())
        {
            if (bufferName.EndsWith("running_mean")) buffer.zero_();
            else if (bufferName.EndsWith("running_var")) buffer.fill_(1);
            else if (bufferName.EndsWith("num_batches_tracked")) buffer.zero_();
        }
    }

    /// <summary>Every parameter with its name and role (conv, fc, output, batch norm).</summary>
    public IEnumerable<(string Name, Parameter Parameter, ParameterRole Role)> NamedParametersWithRoles()
    {
        foreach (var (name, parameter) in named_parameters())
            yield return (name, parameter, RoleOf(name));
    }

    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <summary>
    /// Forward pass that hands each probe point's activation to <paramref name="probe"/> as it is
    /// computed. The activation is only valid during the callback (it belongs to this call's dispose scope).
    /// </summary>
    public Tensor Forward(Tensor input, Action<string, Tensor>? probe)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (name, block) in _features)
        {
            x = block.call(x);
            probe?.Invoke(name, x);
        }
        x = FcInputOf(x);
        foreach (var (name, block, dropout) in _hidden)
        {
            x = block.call(x);
            probe?.Invoke(name, x);
            if (dropout is not null) x = dropout.call(x);
        }
        return _output.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>The last conv block's (n, c, h, w) output as fc1's (n, features) input.</summary>
    private Tensor FcInputOf(Tensor featureMap) => Options.FcInput switch
    {
        FcInput.Flatten => featureMap.flatten(1),
        // As the authors' AdaptiveAvgPool2d(1) followed by a flatten.
        FcInput.GlobalAveragePooling => nn.functional.adaptive_avg_pool2d(featureMap, [1, 1]).flatten(1),
        _ => throw new InvalidOperationException($"Fc input {Options.FcInput} is not implemented."),
    };

    private void AddFeature(string name, nn.Module<Tensor, Tensor> block)
    {
        register_module(name, block);
        _features.Add((name, block));
    }

    private long FanIn(string parameterName)
    {
        var weightName = parameterName.EndsWith(".bias") ? parameterName[..^".bias".Length] + ".weight" : parameterName;
        var weight = named_parameters().First(p => p.name == weightName).parameter;
        return weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
    }

    private static ParameterRole RoleOf(string name)
    {
        bool bias = name.EndsWith(".bias");
        if (name.StartsWith("output.")) return bias ? ParameterRole.OutputBias : ParameterRole.OutputWeight;
        if (name.Contains(".bn.")) return bias ? ParameterRole.BatchNormBias : ParameterRole.BatchNormWeight;
        if (name.StartsWith("conv")) return bias ? ParameterRole.ConvBias : ParameterRole.ConvWeight;
        if (name.StartsWith("fc")) return bias ? ParameterRole.FcBias : ParameterRole.FcWeight;
        throw new InvalidOperationException($"Parameter \"{name}\" has no known role.");
    }
}
