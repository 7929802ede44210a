using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// A folder packed for upload: a <c>.tar.gz</c> of its files plus <c>SHA256SUMS</c> (checked on the host after
/// unpacking, with <c>sha256sum --check</c>) and <c>.digest</c> (the folder's content digest, which later runs read to
/// know the host already holds it). Made once per run and folder, whatever the number of hosts.
/// </summary>
public static class FolderArchive
{
    /// <summary>The file holding the content digest inside a placed folder.</summary>
    public const string DigestFile = ".digest";

    /// <summary>Packs <paramref name="folder"/> into <paramref name="archive"/>.</summary>
    public static void Create(string folder, string digest, string archive)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f is not ("SHA256SUMS" or DigestFile))
            .Order(StringComparer.Ordinal)
            .ToList();
        var sums = new StringBuilder();
        using (var output = File.Create(archive))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var file in files)
            {
                var full = Path.Combine(folder, file);
                using (var read = File.OpenRead(full))
                    sums.Append(Convert.ToHexStringLower(SHA256.HashData(read))).Append("  ").Append(file).Append('\n');
                tar.WriteEntry(full, file);
            }

            Add(tar, "SHA256SUMS", sums.ToString());
            Add(tar, DigestFile, digest + "\n");
        }
    }

    private static void Add(TarWriter tar, string name, string text)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        tar.WriteEntry(entry);
    }
}
