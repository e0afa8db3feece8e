#nullable enable
// Reads and edits the symbol-version tables of an ELF64 little-endian shared library.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so declares that it needs GLIBCXX_3.4.32 from
// libstdc++, but Debian 12 ships 3.4.30. The only symbol bound to that version
// (std::ios_base_library_init) has no relocation, so flagging the requirement weak
// (VER_FLG_WEAK in .gnu.version_r) lets the dynamic loader accept the library.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/TorchSharpNative.targets,
// together with the task class below) and by the test project (ELF_PATCHER_NO_MSBUILD defined).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ActorPipeline.Build
{
    /// <summary>One entry of .gnu.version_r: library <see cref="File"/> must provide <see cref="Version"/>.</summary>
    public sealed class ElfVersionRequirement
    {
        public ElfVersionRequirement(string file, string version, ushort flags, long flagsOffset)
        {
            File = file; Version = version; Flags = flags; FlagsOffset = flagsOffset;
        }
        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        /// <summary>Byte offset of vna_flags in the file.</summary>
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionRequirements.VerFlagWeak) != 0;
    }

    public static class ElfVersionRequirements
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>The version names a shared library defines (.gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
        public static ISet<string> DefinedVersions(string path)
        {
            var elf = File.ReadAllBytes(path);
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var section in Sections(elf, path).Where(s => s.Type == ShtGnuVerdef))
            {
                var strtab = SectionAt(elf, path, (int)section.Link);
                long entry = section.Offset;
                for (uint i = 0; i < section.Info; i++)
                {
                    var aux = U32(elf, entry + 12);
                    var next = U32(elf, entry + 16);
                    var nameOffset = U32(elf, entry + aux);
                    result.Add(CString(elf, strtab.Offset + nameOffset, path));
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>Every (library, version) requirement in .gnu.version_r.</summary>
        public static IReadOnlyList<ElfVersionRequirement> Requirements(string path) =>
            Requirements(File.ReadAllBytes(path), path);

        private static List<ElfVersionRequirement> Requirements(byte[] elf, string path)
        {
            var result = new List<ElfVersionRequirement>();
            foreach (var section in Sections(elf, path).Where(s => s.Type == ShtGnuVerneed))
            {
                var strtab = SectionAt(elf, path, (int)section.Link);
                long need = section.Offset;
                for (uint i = 0; i < section.Info; i++)
                {
                    var count = U16(elf, need + 2);
                    var file = CString(elf, strtab.Offset + U32(elf, need + 4), path);
                    long aux = need + U32(elf, need + 8);
                    for (int j = 0; j < count; j++)
                    {
                        var flags = U16(elf, aux + 4);
                        var name = CString(elf, strtab.Offset + U32(elf, aux + 8), path);
                        result.Add(new ElfVersionRequirement(file, name, flags, aux + 4));
                        var nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
            return result;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on every requirement named <paramref name="version"/>.
        /// Idempotent: returns how many entries changed (0 when already weak or absent).
        /// The file is rewritten atomically (temp file + rename) so a crash never leaves half a library.
        /// </summary>
        public static int MarkWeak(string path, string version)
        {
            var elf = File.ReadAllBytes(path);
            int changed = 0;
            foreach (var requirement in Requirements(elf, path).Where(r => r.Version == version && !r.IsWeak))
            {
                var flags = (ushort)(requirement.Flags | VerFlagWeak);
                elf[requirement.FlagsOffset] = (byte)(flags & 0xff);
                elf[requirement.FlagsOffset + 1] = (byte)(flags >> 8);
                changed++;
            }
            if (changed == 0) return 0;
            var temp = path + ".weak-tmp";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, null); // atomic rename; File.Move(…, overwrite) is not in netstandard
            return changed;
        }

        private readonly struct Section
        {
            public Section(uint type, long offset, long size, uint link, uint info)
            { Type = type; Offset = offset; Size = size; Link = link; Info = info; }
            public uint Type { get; }
            public long Offset { get; }
            public long Size { get; }
            public uint Link { get; }
            public uint Info { get; }
        }

        private static IEnumerable<Section> Sections(byte[] elf, string path)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException($"{path}: not an ELF file (bad magic).");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported (class {elf[4]}, data {elf[5]}).");
            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A);
            int shnum = U16(elf, 0x3C);
            if (shentsize < 64 || shoff <= 0 || shoff + (long)shentsize * shnum > elf.Length)
                throw new InvalidDataException($"{path}: section header table out of range (offset {shoff}, {shnum} × {shentsize} bytes).");
            for (int i = 0; i < shnum; i++)
                yield return ReadSection(elf, path, shoff + (long)i * shentsize);
        }

        private static Section SectionAt(byte[] elf, string path, int index)
        {
            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A);
            int shnum = U16(elf, 0x3C);
            if (index <= 0 || index >= shnum)
                throw new InvalidDataException($"{path}: section link {index} out of range (0..{shnum - 1}).");
            return ReadSection(elf, path, shoff + (long)index * shentsize);
        }

        private static Section ReadSection(byte[] elf, string path, long at)
        {
            var section = new Section(U32(elf, at + 4), (long)U64(elf, at + 0x18), (long)U64(elf, at + 0x20), U32(elf, at + 0x28), U32(elf, at + 0x2C));
            if (section.Type != 8 /* SHT_NOBITS */ && section.Offset + section.Size > elf.Length)
                throw new InvalidDataException($"{path}: section at header offset {at} extends past the end of the file (truncated?).");
            return section;
        }

        private static ushort U16(byte[] b, long at) { Check(b, at, 2); return (ushort)(b[at] | b[at + 1] << 8); }
        private static uint U32(byte[] b, long at) { Check(b, at, 4); return BitConverter.ToUInt32(b, (int)at); }
        private static ulong U64(byte[] b, long at) { Check(b, at, 8); return BitConverter.ToUInt64(b, (int)at); }

        private static void Check(byte[] b, long at, int size)
        {
            if (at < 0 || at + size > b.Length)
                throw new InvalidDataException($"ELF read of {size} bytes at offset {at} is past the end of the file ({b.Length} bytes): the file is truncated or corrupt.");
        }

        private static string CString(byte[] b, long at, string path)
        {
            Check(b, at, 1);
            long end = at;
            while (end < b.Length && b[end] != 0) end++;
            if (end == b.Length) throw new InvalidDataException($"{path}: unterminated string at offset {at}.");
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }

    /// <summary>Finds the libstdc++ the dynamic loader would pick on this machine.</summary>
    public static class SystemLibStdCxx
    {
        private static readonly string[] Candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };

        public static string? Find() => Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Marks each named version requirement weak in every given library, but only for versions
    /// the system libstdc++ does not define. Returns human-readable log lines.
    /// </summary>
    public static class WeakVersionFixer
    {
        public static IReadOnlyList<string> Apply(IEnumerable<string> libraries, IEnumerable<string> versions, string? systemLibStdCxx)
        {
            var log = new List<string>();
            if (systemLibStdCxx == null)
            {
                log.Add("No system libstdc++.so.6 found; TorchSharp native libraries left as they are.");
                return log;
            }
            var defined = ElfVersionRequirements.DefinedVersions(systemLibStdCxx);
            var missing = versions.Where(v => !defined.Contains(v)).ToList();
            if (missing.Count == 0)
            {
                log.Add($"{systemLibStdCxx} defines {string.Join(", ", versions)}; nothing to patch.");
                return log;
            }
            foreach (var library in libraries)
            {
                foreach (var version in missing)
                {
                    var changed = ElfVersionRequirements.MarkWeak(library, version);
                    log.Add(changed > 0
                        ? $"Marked requirement {version} weak in {library} ({systemLibStdCxx} lacks it)."
                        : $"{library}: requirement {version} already weak or absent.");
                }
            }
            return log;
        }
    }

#if !ELF_PATCHER_NO_MSBUILD
    /// <summary>MSBuild task wrapper (loaded by RoslynCodeTaskFactory).</summary>
    public class MarkLibStdCxxVersionsWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Versions { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                var lines = WeakVersionFixer.Apply(
                    Libraries.Select(l => l.ItemSpec),
                    Versions.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim()),
                    SystemLibStdCxx.Find());
                foreach (var line in lines) Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, line);
                return true;
            }
            catch (Exception e)
            {
                Log.LogError($"Could not patch TorchSharp's native library for this system's libstdc++: {e.Message}");
                return false;
            }
        }
    }
#endif
}
