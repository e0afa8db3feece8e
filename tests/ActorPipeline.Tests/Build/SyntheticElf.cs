using System.Text;

namespace ActorPipeline.Tests.Build;

/// <summary>
/// Writes a minimal ELF64 little-endian file with a .dynstr, a .gnu.version_d and a
/// .gnu.version_r section: enough for the version-table reader, built independently of it.
/// </summary>
internal static class SyntheticElf
{
    public static byte[] Build(IReadOnlyList<string> definedVersions, IReadOnlyList<(string File, string[] Versions)> requirements)
    {
        var strtab = new List<byte> { 0 };
        int Str(string s) { int at = strtab.Count; strtab.AddRange(Encoding.ASCII.GetBytes(s)); strtab.Add(0); return at; }

        var verdef = new List<byte>();
        for (int i = 0; i < definedVersions.Count; i++)
        {
            bool last = i == definedVersions.Count - 1;
            U16(verdef, 1); U16(verdef, 0); U16(verdef, (ushort)(i + 1)); U16(verdef, 1);
            U32(verdef, 0); U32(verdef, 20); U32(verdef, last ? 0u : 28u);
            U32(verdef, (uint)Str(definedVersions[i])); U32(verdef, 0);
        }

        var verneed = new List<byte>();
        for (int i = 0; i < requirements.Count; i++)
        {
            var (file, versions) = requirements[i];
            bool last = i == requirements.Count - 1;
            U16(verneed, 1); U16(verneed, (ushort)versions.Length); U32(verneed, (uint)Str(file)); U32(verneed, 16);
            U32(verneed, last ? 0u : (uint)(16 + 16 * versions.Length));
            for (int j = 0; j < versions.Length; j++)
            {
                U32(verneed, 0x12345u + (uint)j); U16(verneed, 0); U16(verneed, (ushort)(j + 2));
                U32(verneed, (uint)Str(versions[j])); U32(verneed, j == versions.Length - 1 ? 0u : 16u);
            }
        }

        var body = new List<byte>(new byte[64]);
        long strOff = body.Count; body.AddRange(strtab);
        while (body.Count % 8 != 0) body.Add(0);
        long defOff = body.Count; body.AddRange(verdef);
        long needOff = body.Count; body.AddRange(verneed);
        while (body.Count % 8 != 0) body.Add(0);
        long shoff = body.Count;
        Section(body, 0, 0, 0, 0, 0);
        Section(body, 3 /* SHT_STRTAB */, strOff, strtab.Count, 0, 0);
        Section(body, 0x6ffffffd, defOff, verdef.Count, 1, (uint)definedVersions.Count);
        Section(body, 0x6ffffffe, needOff, verneed.Count, 1, (uint)requirements.Count);

        var elf = body.ToArray();
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1; elf[6] = 1;
        BitConverter.GetBytes((ulong)shoff).CopyTo(elf, 0x28);
        BitConverter.GetBytes((ushort)64).CopyTo(elf, 0x3A);
        BitConverter.GetBytes((ushort)4).CopyTo(elf, 0x3C);
        return elf;
    }

    private static void Section(List<byte> b, uint type, long offset, long size, uint link, uint info)
    {
        U32(b, 0); U32(b, type); U64(b, 0); U64(b, 0); U64(b, (ulong)offset); U64(b, (ulong)size);
        U32(b, link); U32(b, info); U64(b, 8); U64(b, 0);
    }

    private static void U16(List<byte> b, ushort v) => b.AddRange(BitConverter.GetBytes(v));
    private static void U32(List<byte> b, uint v) => b.AddRange(BitConverter.GetBytes(v));
    private static void U64(List<byte> b, ulong v) => b.AddRange(BitConverter.GetBytes(v));
}
