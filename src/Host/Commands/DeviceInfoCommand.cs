using System.CommandLine;
using static TorchSharp.torch;

namespace ActorPipeline.Host.Commands;

/// <summary>`devices`: what TorchSharp sees on this machine (a first check after install).</summary>
internal static class DeviceInfoCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "Print the libtorch version and the compute devices TorchSharp can use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"libtorch {__version__}, CPU threads {get_num_threads()}");
            Console.WriteLine(cuda.is_available() ? $"CUDA devices: {cuda.device_count()}" : "CUDA: not available (CPU only)");
            return 0;
        });
        return command;
    }
}
