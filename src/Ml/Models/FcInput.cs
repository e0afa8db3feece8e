namespace ActorPipeline.Ml.Models;

/// <summary>
/// How the last convolutional block's output (c × h × w per image) becomes the input of the first
/// fully-connected layer. The paper does not say; see DESIGN.md "The experiment".
/// </summary>
public enum FcInput
{
    /// <summary>Flatten all c·h·w features into fc1: the VGG reading of the paper's Table 2.</summary>
    Flatten,

    /// <summary>Average each channel over h×w first, so fc1 gets c features: the authors' later code (marcozullich/pruned_layer_similarity).</summary>
    GlobalAveragePooling,
}
