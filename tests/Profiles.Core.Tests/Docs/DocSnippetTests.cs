// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>
/// Keeps the documentation's code honest: every C# block of README.md and docs/*.md must be marked
/// <c>&lt;!-- snippet: path#name --&gt;</c> and be a copy of the region <c>// &lt;snippet name&gt;</c> ...
/// <c>// &lt;/snippet&gt;</c> of that compiled file (samples/ or tests/), and every other fenced block must say what it is
/// (<c>```text</c>), so no uncompiled code hides in an unlabelled fence.
/// </summary>
[Collection(ConsoleLock.Collection)]
public sealed partial class DocSnippetTests
{
    private static readonly string[] s_codeLanguages = ["csharp", "cs", "c#"];

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (string document in DocumentPaths())
        {
            data.Add(document);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void CSharpBlocks_EachIsACopyOfACompiledRegion(string document)
    {
        string root = RepositoryRoot();
        foreach (Fence fence in Fences(Path.Combine(root, document)).Where(f => s_codeLanguages.Contains(f.Language, StringComparer.OrdinalIgnoreCase)))
        {
            string where = $"{document}:{fence.Line}";
            Match marker = SnippetMarker().Match(fence.PrecedingLine);
            Assert.True(marker.Success, $"{where}: a C# block must follow a line '<!-- snippet: path#name -->' naming the compiled region it copies; found '{fence.PrecedingLine}'.");

            string source = Path.Combine(root, marker.Groups["path"].Value);
            Assert.True(File.Exists(source), $"{where}: {marker.Groups["path"].Value} does not exist.");
            string? region = Region(File.ReadAllText(source), marker.Groups["name"].Value);
            Assert.True(region is not null, $"{where}: {marker.Groups["path"].Value} has no region '// <snippet {marker.Groups["name"].Value}>' ... '// </snippet>'.");
            Assert.True(Normalize(region) == Normalize(fence.Body),
                $"{where} differs from {marker.Value}:\n--- doc ---\n{Normalize(fence.Body)}\n--- source ---\n{Normalize(region)}");
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Fences_EachNamesItsLanguage(string document)
    {
        foreach (Fence fence in Fences(Path.Combine(RepositoryRoot(), document)))
        {
            Assert.False(fence.Language.Length == 0, $"{document}:{fence.Line}: name the block's language (```csharp with a snippet marker, or ```text).");
        }
    }

    [Fact]
    public void Documents_IncludeTheReadmeAndEveryDocsPage()
    {
        string[] documents = [.. DocumentPaths()];
        Assert.Contains("README.md", documents);
        Assert.Contains(Path.Combine("docs", "getting-started.md"), documents);
        Assert.True(documents.Length >= 10, string.Join(", ", documents));
    }

    [Fact]
    public void ReadmeDependencyInjection_Snippet_RegistersTheConfiguredStages()
    {
        using ServiceProvider services = DocSnippets.ReadmeDependencyInjection(new ServiceCollection()).BuildServiceProvider();

        Assert.Equal(32, services.GetRequiredService<ProfilesOptions>().ProfileBuilder.Factors);
        Assert.Equal(new[] { "sports", "food", "music" }, services.GetRequiredService<ProfilesOptions>().Vocabulary);
        Assert.IsType<ProfileBuilder>(services.GetRequiredService<IProfileBuilder>());
        Assert.NotNull(services.GetRequiredService<IProfileEnricher>().GetService<ExtractiveProfileEnricher>());
    }

    [Fact]
    public void GettingStartedLlm_Snippet_RegistersTheChatEnricherWithTheCache()
    {
        using ServiceProvider services = DocSnippets.GettingStartedLlm(new ServiceCollection()).BuildServiceProvider();

        IProfileEnricher enricher = services.GetRequiredService<IProfileEnricher>();
        ChatProfileEnricher? chat = enricher.GetService<ChatProfileEnricher>();
        Assert.NotNull(chat);
        Assert.NotNull(services.GetRequiredService<IDistributedCache>());
        Assert.Equal(8, services.GetRequiredService<ProfilesOptions>().Vocabulary.Count);
    }

    [Fact]
    public async Task GettingStartedEnrichAndFuse_Snippet_EnrichesAndFusesEveryProfile()
    {
        using ServiceProvider services = new ServiceCollection().AddProfiles(o => o.ProfileBuilder.Factors = 8).BuildServiceProvider();
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 120, Seed = 5 });
        CleanedEvents clean = new EventCleaner().Clean(world.Events);
        IdentityGraph persons = await services.GetRequiredService<IIdentityResolver>().ResolveAsync(world.Accounts);
        ProfileModel model = await services.GetRequiredService<IProfileBuilder>().BuildAsync(
            new ProfileBuildInput(clean.Events, persons, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });

        UserProfile person = await DocSnippets.GettingStartedEnrichAndFuseAsync(services, model);

        Assert.Equal(model.Profiles[0].Person, person.Person);
        Assert.NotNull(person.Insight);
        Assert.Equal(8, person.FusedVector.Length);
        Assert.False(person.TextVector.IsEmpty);
    }

    [Fact]
    public void Region_IndentedRegion_ReturnsTheDedentedBody()
    {
        const string source = "class C\n{\n    void M()\n    {\n        // <snippet a>\n        int x = 1;\n            x++;\n        // </snippet>\n    }\n}\n";
        Assert.Equal("int x = 1;\n    x++;", Normalize(Region(source, "a")!));
        Assert.Null(Region(source, "b"));
        Assert.Equal("int x = 1;\n    x++;", Normalize("  int x = 1;  \n      x++;\n\n"));
    }

    [Fact]
    public void Fences_ListItemAndLabelledBlocks_AreFoundWithTheirLanguage()
    {
        string path = Path.Combine(Path.GetTempPath(), "profiles-fences-" + Guid.NewGuid().ToString("N") + ".md");
        try
        {
            File.WriteAllText(path, "intro\n<!-- snippet: a.cs#x -->\n```csharp\nint y = 2;\n```\n\n- item\n\n  ```text\n  $ run\n  ```\n```\nbare\n```\n");
            Fence[] fences = [.. Fences(path)];
            Assert.Equal(["csharp", "text", string.Empty], fences.Select(f => f.Language));
            Assert.Equal("<!-- snippet: a.cs#x -->", fences[0].PrecedingLine);
            Assert.Equal("int y = 2;", Normalize(fences[0].Body));
            Assert.Equal("$ run", Normalize(fences[1].Body));
            Assert.Equal(12, fences[2].Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<string> DocumentPaths()
    {
        string root = RepositoryRoot();
        yield return "README.md";
        foreach (string page in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            yield return Path.GetRelativePath(root, page);
        }
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

    /// <summary>Reads the fenced blocks of a markdown file (fences may be indented, as in list items).</summary>
    private static IEnumerable<Fence> Fences(string path)
    {
        string[] lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        string preceding = string.Empty;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                if (trimmed.Length > 0)
                {
                    preceding = trimmed;
                }

                continue;
            }

            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            Assert.True(i < lines.Length, $"{path}:{start + 1}: the fence is never closed.");
            yield return new Fence(start + 1, trimmed[3..].Trim(), preceding, string.Join('\n', body));
            preceding = string.Empty;
        }
    }

    /// <summary>Returns the lines between <c>// &lt;snippet name&gt;</c> and the next <c>// &lt;/snippet&gt;</c>, or null.</summary>
    private static string? Region(string source, string name)
    {
        string[] lines = source.ReplaceLineEndings("\n").Split('\n');
        int start = Array.FindIndex(lines, l => l.Trim() == $"// <snippet {name}>");
        if (start < 0)
        {
            return null;
        }

        int end = Array.FindIndex(lines, start + 1, l => l.Trim() == "// </snippet>");
        return end < 0 ? null : string.Join('\n', lines[(start + 1)..end]);
    }

    /// <summary>Drops trailing spaces, blank lines at either end, and the indentation common to all lines.</summary>
    private static string Normalize(string text)
    {
        List<string> lines = [.. text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())];
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        int indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex(@"^<!--\s*snippet:\s*(?<path>[^#\s]+)#(?<name>[\w-]+)\s*-->$")]
    private static partial Regex SnippetMarker();

    private sealed record Fence(int Line, string Language, string PrecedingLine, string Body);
}
