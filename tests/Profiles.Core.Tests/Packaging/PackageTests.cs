// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>
/// What the packages ship besides the code: a pdb that carries every source file (so the .snupkg works without a
/// source server), the XML docs, and PublicAPI files in the analyzer's order. .ci/check-packages checks the packed
/// .nupkg and .snupkg themselves.
/// </summary>
public sealed class PackageTests
{
    // EmbeddedSource, from the Portable PDB specification (dotnet/runtime docs/design/specs/PortablePdb-Metadata.md).
    private static readonly Guid s_embeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    [Fact]
    public void CorePdb_EmbedsEverySourceFile()
    {
        string assembly = typeof(ProfileBuilder).Assembly.Location;
        (int documents, int embedded, List<string> missing) = EmbeddedSources(Path.ChangeExtension(assembly, ".pdb"));

        Assert.True(documents > 100, $"{documents} documents");
        Assert.True(missing.Count == 0, "not embedded: " + string.Join(", ", missing.Take(10)));
        Assert.Equal(documents, embedded);
    }

    [Fact]
    public void CoreXmlDocs_DocumentThePublicTypes()
    {
        string xml = Path.ChangeExtension(typeof(ProfileBuilder).Assembly.Location, ".xml");
        XDocument docs = XDocument.Load(xml);

        string[] members = [.. docs.Descendants("member").Select(m => (string)m.Attribute("name")!)];
        Assert.Contains("T:Profiles.Core.ProfileBuilder", members);
        Assert.Contains("M:Profiles.Core.ProfilesServiceCollectionExtensions.AddProfiles(Microsoft.Extensions.DependencyInjection.IServiceCollection,System.Action{Profiles.Core.ProfilesOptions})", members);
        Assert.True(members.Length > 1_000, $"{members.Length} documented members");
    }

    [Theory]
    [InlineData("Profiles.Core")]
    [InlineData("Profiles.Embeddings.MiniLM")]
    public void PublicApiFiles_AreSortedUniqueAndNullableAnnotated(string project)
    {
        string folder = Path.Combine(RepositoryRoot(), "src", project, ".PublicAPI");
        foreach (string name in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
        {
            string[] lines = File.ReadAllText(Path.Combine(folder, name)).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal("#nullable enable", lines[0]);
            string[] entries = lines[1..];
            Assert.Equal(entries.Distinct(StringComparer.Ordinal).Count(), entries.Length);
            Assert.Equal(entries.Order(StringComparer.OrdinalIgnoreCase), entries);
        }
    }

    private static (int Documents, int Embedded, List<string> Missing) EmbeddedSources(string pdb)
    {
        using FileStream stream = File.OpenRead(pdb);
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        MetadataReader reader = provider.GetMetadataReader();
        var embedded = new HashSet<DocumentHandle>();
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            if (info.Parent.Kind == HandleKind.Document && reader.GetGuid(info.Kind) == s_embeddedSource && reader.GetBlobBytes(info.Value).Length > 4)
            {
                embedded.Add((DocumentHandle)info.Parent);
            }
        }

        var missing = new List<string>();
        foreach (DocumentHandle document in reader.Documents)
        {
            if (!embedded.Contains(document))
            {
                missing.Add(reader.GetString(reader.GetDocument(document).Name));
            }
        }

        return (reader.Documents.Count, embedded.Count, missing);
    }

    private static string RepositoryRoot()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Profiles.Core.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Profiles.Core.sln not found above the test binaries.");
        }

        return root;
    }
}
