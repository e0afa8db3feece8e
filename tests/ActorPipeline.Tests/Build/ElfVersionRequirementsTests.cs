using ActorPipeline.Build;

namespace ActorPipeline.Tests.Build;

public sealed class ElfVersionRequirementsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elf-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] TorchSharpLike() => SyntheticElf.Build(
        definedVersions: ["libLibTorchSharp.so"],
        requirements:
        [
            ("libc.so.6", ["GLIBC_2.2.5", "GLIBC_2.14"]),
            ("libstdc++.so.6", ["GLIBCXX_3.4.30", "GLIBCXX_3.4.32", "CXXABI_1.3"]),
        ]);

    [Fact]
    public void Reads_every_requirement_with_its_library()
    {
        var path = Write("lib.so", TorchSharpLike());
        var requirements = ElfVersionRequirements.Requirements(path);
        Assert.Equal(
            ["libc.so.6:GLIBC_2.2.5", "libc.so.6:GLIBC_2.14", "libstdc++.so.6:GLIBCXX_3.4.30", "libstdc++.so.6:GLIBCXX_3.4.32", "libstdc++.so.6:CXXABI_1.3"],
            requirements.Select(r => $"{r.File}:{r.Version}"));
        Assert.All(requirements, r => Assert.False(r.IsWeak));
    }

    [Fact]
    public void Marks_only_the_named_version_weak_and_is_idempotent()
    {
        var path = Write("lib.so", TorchSharpLike());
        var before = File.ReadAllBytes(path);

        Assert.Equal(1, ElfVersionRequirements.MarkWeak(path, "GLIBCXX_3.4.32"));
        var once = File.ReadAllBytes(path);
        Assert.Equal(0, ElfVersionRequirements.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Equal(once, File.ReadAllBytes(path));

        var weak = ElfVersionRequirements.Requirements(path).Where(r => r.IsWeak).Select(r => r.Version);
        Assert.Equal(["GLIBCXX_3.4.32"], weak);
        // Exactly one byte (the low byte of vna_flags) differs from the original.
        Assert.Equal(1, before.Zip(once).Count(p => p.Item1 != p.Item2));
    }

    [Fact]
    public void Reads_defined_versions()
    {
        var path = Write("libstdc++.so.6", SyntheticElf.Build(["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30"], []));
        var defined = ElfVersionRequirements.DefinedVersions(path);
        Assert.Contains("GLIBCXX_3.4.30", defined);
        Assert.DoesNotContain("GLIBCXX_3.4.32", defined);
    }

    [Fact]
    public void Fixer_patches_only_when_the_system_library_lacks_the_version()
    {
        var lacking = Write("old-libstdc++.so.6", SyntheticElf.Build(["GLIBCXX_3.4.30"], []));
        var providing = Write("new-libstdc++.so.6", SyntheticElf.Build(["GLIBCXX_3.4.30", "GLIBCXX_3.4.32"], []));
        var untouched = Write("a.so", TorchSharpLike());
        var patched = Write("b.so", TorchSharpLike());

        WeakVersionFixer.Apply([untouched], ["GLIBCXX_3.4.32"], providing);
        WeakVersionFixer.Apply([patched], ["GLIBCXX_3.4.32"], lacking);

        Assert.Equal(TorchSharpLike(), File.ReadAllBytes(untouched));
        Assert.Contains(ElfVersionRequirements.Requirements(patched), r => r.Version == "GLIBCXX_3.4.32" && r.IsWeak);
    }

    [Fact]
    public void Truncated_or_foreign_files_get_an_error_naming_the_defect()
    {
        var truncated = Write("truncated.so", TorchSharpLike()[..100]);
        var text = Write("text.so", "not an elf at all, just some text that is long enough to be read as a header"u8.ToArray());
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ElfVersionRequirements.Requirements(truncated)).Message);
        Assert.Contains("not an ELF", Assert.Throws<InvalidDataException>(() => ElfVersionRequirements.Requirements(text)).Message);
    }

    [Fact]
    public void The_torchsharp_library_next_to_these_tests_loads_on_this_system()
    {
        var native = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        var system = SystemLibStdCxx.Find();
        if (system is not null)
        {
            var systemHasIt = ElfVersionRequirements.DefinedVersions(system).Contains("GLIBCXX_3.4.32");
            var requirement = ElfVersionRequirements.Requirements(native).Single(r => r.Version == "GLIBCXX_3.4.32");
            Assert.Equal(!systemHasIt, requirement.IsWeak);
        }
        using var t = TorchSharp.torch.ones(3);
        Assert.Equal(3.0, t.sum().item<float>());
    }
}
