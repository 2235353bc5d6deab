// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Profiles.Demo;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>The whole pipeline on a synthetic world whose people wrote their own e-mails, phones and names into comments
/// and searches: ingestion, identity, profiles, LLM enrichment through the loopback server (which audits every request),
/// fusion, recommendation and evaluation. No raw e-mail, phone or display name may appear in any request, profile,
/// serialized output, model file, report, identity explanation, or log message at Information or above.</summary>
public sealed partial class PrivacyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Pipeline_PiiInEventTexts_NeverLeavesInPromptsOutputsOrLogs()
    {
        var clock = Stopwatch.StartNew();
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 150, ItemsPerPlatform = 40, Seed = 11, MaxDegreeOfParallelism = 1 });
        List<InteractionEvent> events = [.. world.Events];
        int planted = PlantPii(world, events);
        var pii = PiiIndex.Create(world);
        Assert.True(planted > 150, $"{planted} texts planted");

        // Ingestion, identity, profiles.
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(events);
        IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "privacy", Seed = 1 }).ResolveAsync(world.Accounts);
        var catalog = new ItemCatalog(world.Items);
        ProfileModel model = await new ProfileBuilder(RecommendationData.Builder()).BuildAsync(new ProfileBuildInput(clean.Events, graph, catalog) { AsOf = world.TrainingEnd });
        Assert.True(clean.Events.Count(e => e.Text?.Contains(" here! Mail me at ", StringComparison.Ordinal) == true) > 75, "the planted texts survive ingestion");
        output.WriteLine($"world, ingestion, identity, profiles: {clock.Elapsed.TotalSeconds:F1} s");

        // Enrichment through the real OpenAI client; every fifth person's model calls fail, so that warnings are logged.
        var logs = new ListLogger(LogLevel.Information);
        var plan = new LlmFaultPlan(key => key % 5 == 0 ? [LlmFault.ServerError] : [LlmFault.None], TimeSpan.FromSeconds(30));
        EnrichmentBatchResult enrichment;
        int requestsSeen;
        await using (var server = new LoopbackLlmServer(plan.Reply, maxRequests: 10_000, audit: request => pii.FirstLeak(request.Prompt) ?? pii.FirstLeak(request.Body)))
        {
            using IChatClient client = ReliabilityData.OpenAIClient(server);
            var extractive = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = ReliabilityData.Vocabulary(catalog) });
            using var enricher = new LoggingProfileEnricher(new ChatProfileEnricher(new ChatProfileEnricherOptions(client)
            {
                Vocabulary = ReliabilityData.Vocabulary(catalog),
                CallTimeout = TimeSpan.FromSeconds(10),
                MaxRetries = 1,
                RetryDelay = TimeSpan.FromMilliseconds(1),
                MaxRetryDelay = TimeSpan.FromMilliseconds(5),
                Fallback = extractive,
            }, logs), logs);
            enrichment = await enricher.EnrichBatchAsync(ReliabilityData.Requests(new RecommendationData.Built(world, clean.Events, graph, catalog, model)),
                new EnrichmentBatchOptions { MaxConcurrency = 8 });
            requestsSeen = server.Requests.Count;
            Assert.True(requestsSeen > 100, $"{requestsSeen} requests");
            Assert.True(enrichment.Report.RedactedSpans > planted, enrichment.Report.ToString());
            Assert.Empty(server.Violations);
        }

        output.WriteLine($"enrichment: {clock.Elapsed.TotalSeconds:F1} s");

        // Fusion, recommendation (through the logging stage) and evaluation.
        ProfileModel enriched = model.WithProfiles([.. enrichment.Results.Select(r => r.Profile)]);
        using var embedder = HashingEmbeddingGenerator.Fit(catalog.Select(TextProjection.ItemText), new HashingEmbeddingOptions { Dimensions = 256 });
        ProfileFuserResult fusion = await new ProfileFuser(embedder).FuseAsync(enriched);
        using var recommender = new LoggingRecommender(new SoftmaxRecommender(fusion.Model), logs);
        var lists = new StringBuilder();
        foreach (UserProfile profile in fusion.Model.Profiles)
        {
            RecommendationList list = await recommender.RecommendAsync(profile);
            lists.AppendJoin('\n', list.Select(r => $"{r.Item} {r.Score} {r.Explanation.Summary} {string.Join(",", r.Explanation.Interests)}")).Append('\n');
        }

        Func<InteractionEvent, int> personOf = e => graph.TryGetPerson(e.Platform, e.Account, out PersonId person) ? person.Value : -1;
        EvaluationSplit split = EvaluationSplit.TemporalCut([.. clean.Events, .. world.FutureEvents], personOf, world.TrainingEnd);
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 50 })
            .EvaluateAsync(split, [new RecommenderSystem("softmax", recommender, fusion.Model)]);

        // Every output, serialized.
        var outputs = new Dictionary<string, string>
        {
            ["profiles (ProfileJson)"] = string.Join('\n', fusion.Model.Profiles.Select(ProfileJson.Serialize)),
            ["profiles (records)"] = string.Join('\n', fusion.Model.Profiles.Select(p => p.ToString())),
            ["insights"] = string.Join('\n', enrichment.Results.Select(r => $"{r.Insight?.Summary} {string.Join(",", r.Insight?.Interests.Select(i => i.Tag) ?? [])} {r.FallbackDetail}")),
            ["recommendations"] = lists.ToString(),
            ["evaluation JSON"] = report.ToJson(includePerUser: true),
            ["evaluation HTML"] = report.ToHtml(),
            ["evaluation text"] = report.ToText(),
            ["identity explanations"] = string.Join('\n', graph.Persons.SelectMany(p => graph.Explain(p)).Select(l => l.ToString())),
            ["enrichment report"] = enrichment.Report.ToString(),
            ["logs (Information+)"] = string.Join('\n', logs.Entries.Select(e => e.Message)),
        };
        using (var stream = new MemoryStream())
        {
            await ProfileJson.WriteLinesAsync(fusion.Model.Profiles, stream);
            outputs["profiles (JSON lines)"] = Encoding.UTF8.GetString(stream.ToArray());
        }

        output.WriteLine($"fusion, recommendation, evaluation: {clock.Elapsed.TotalSeconds:F1} s");
        byte[] als;
        using (var stream = new MemoryStream())
        {
            fusion.Model.Factors.Save(stream);
            als = stream.ToArray();
        }

        Assert.Contains(logs.Entries, e => e.Level >= LogLevel.Warning);   // the failed calls were logged
        foreach ((string name, string text) in outputs)
        {
            string? leak = pii.FirstLeak(text);
            Assert.True(leak is null, $"{name} leaks {leak}");
        }

        // A binary file is searched for the bytes of the long identifiers (in UTF-8 and UTF-16), not for name words,
        // which random float bytes could spell.
        string? binaryLeak = pii.FirstLeak(als);
        Assert.True(binaryLeak is null, $"the ALS model file leaks {binaryLeak}");

        output.WriteLine($"checks: {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"{planted} PII texts planted, {pii.Count} PII strings checked, {requestsSeen} requests audited, " +
            $"{enrichment.Report.RedactedSpans} spans redacted, {logs.Entries.Count} log entries, {outputs.Sum(o => o.Value.Length):N0} characters of output checked");
    }

    /// <summary>Adds, for every account with personal data, a comment and a search (in its training window, on an item it
    /// touched) that write out its e-mail, phone (as given and as digits only) and display name.</summary>
    private static int PlantPii(SyntheticWorld world, List<InteractionEvent> events)
    {
        var first = new Dictionary<AccountKey, InteractionEvent>();
        foreach (InteractionEvent e in world.Events)
        {
            if (e.Timestamp < world.TrainingEnd && e.Timestamp >= world.Start && !e.Item.IsEmpty && !e.Account.IsEmpty)
            {
                first.TryAdd(new AccountKey(e.Platform, e.Account), e);
            }
        }

        int planted = 0;
        foreach (AccountRecord account in world.Accounts)
        {
            if (world.GroundTruth.IsBot(account.Platform, account.Account) ||
                !first.TryGetValue(new AccountKey(account.Platform, account.Account), out InteractionEvent anchor) ||
                (account.Email is null && account.Phone is null && account.DisplayName is null))
            {
                continue;
            }

            string name = account.DisplayName?.Trim() ?? "someone";
            string comment = $"Hi, {name} here! Mail me at {account.Email ?? "-"} or call {account.Phone ?? "-"} ({PiiIndex.Digits(account.Phone)}). Signed, {name}";
            events.Add(new InteractionEvent(anchor.Platform, anchor.Account, anchor.Item, EventKind.Comment, anchor.Timestamp.AddMinutes(1)) { Text = comment });
            events.Add(new InteractionEvent(anchor.Platform, anchor.Account, anchor.Item, EventKind.Search, anchor.Timestamp.AddMinutes(2))
            {
                Text = $"{name.ToUpperInvariant()} {account.Email?.ToUpperInvariant()} {OtherFormat(account.Phone)}",
            });
            planted += 2;
        }

        return planted;
    }

    /// <summary>Writes a phone in another common format than the record's: the national number as <c>AAA.EEE.LLLL</c>.</summary>
    private static string OtherFormat(string? phone)
    {
        string digits = PiiIndex.Digits(phone);
        return digits.Length < 10 ? digits : $"{digits[^10..^7]}.{digits[^7..^4]}.{digits[^4..]}";
    }

    /// <summary>The identifying personal data of the world's (non-bot) accounts: e-mails and their local parts, phones as
    /// given, as digits and in the common formats, full display names, and name parts of four or more letters that are not
    /// ordinary words of the catalogue or of the world's own texts.</summary>
    private sealed partial class PiiIndex
    {
        private readonly HashSet<string> _substrings;
        private readonly List<string> _names;
        private readonly string[] _words;
        private readonly SearchValues<string> _substringValues;
        private readonly SearchValues<string> _wordValues;

        private PiiIndex(HashSet<string> substrings, HashSet<string> words)
        {
            _substrings = substrings;
            _names = [.. words.Where(w => w.Contains(' ', StringComparison.Ordinal))];
            _words = [.. words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal)];
            _substringValues = SearchValues.Create([.. substrings], StringComparison.OrdinalIgnoreCase);
            _wordValues = SearchValues.Create(_words, StringComparison.OrdinalIgnoreCase);
            Count = substrings.Count + words.Count;
        }

        public int Count { get; }

        public static PiiIndex Create(SyntheticWorld world)
        {
            var ordinary = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (Item item in world.Items)
            {
                AddWords(ordinary, item.Title);
                AddWords(ordinary, item.Description);
                foreach (string category in item.Categories)
                {
                    AddWords(ordinary, category);
                }
            }

            foreach (InteractionEvent e in world.Events)
            {
                AddWords(ordinary, e.Text);
            }

            var substrings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (AccountRecord account in world.Accounts)
            {
                if (world.GroundTruth.IsBot(account.Platform, account.Account))
                {
                    continue;
                }

                if (account.Email is { } email)
                {
                    substrings.Add(email.Trim());
                    string local = email[..Math.Max(0, email.IndexOf('@', StringComparison.Ordinal))];
                    if (local.Length >= 5 && !ordinary.Contains(local))
                    {
                        words.Add(local);
                    }
                }

                if (Digits(account.Phone) is { Length: >= 10 } digits)
                {
                    substrings.Add(account.Phone!.Trim());
                    substrings.Add(digits);
                    string national = digits[^10..];
                    substrings.Add(national);
                    substrings.Add($"{national[..3]}-{national[3..6]}-{national[6..]}");
                    substrings.Add($"{national[..3]}.{national[3..6]}.{national[6..]}");
                    substrings.Add($"{national[..3]} {national[3..6]} {national[6..]}");
                    substrings.Add($"({national[..3]}) {national[3..6]}-{national[6..]}");
                }

                if (account.DisplayName?.Trim() is { Length: >= 3 } name)
                {
                    words.Add(Regex.Replace(name, @"\s+", " "));
                    foreach (string part in name.Split([' ', ',', '.', '_', '-'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (part.Length >= 4 && !ordinary.Contains(part))
                        {
                            words.Add(part);
                        }
                    }
                }
            }

            return new PiiIndex(substrings, words);
        }

        public static string Digits(string? text) => new([.. (text ?? string.Empty).Where(char.IsAsciiDigit)]);

        /// <summary>Returns the first e-mail, phone or full name whose UTF-8 or UTF-16 bytes occur in <paramref name="bytes"/>.</summary>
        public string? FirstLeak(byte[] bytes)
        {
            foreach (string value in _substrings.Concat(_names))
            {
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) >= 0)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>Returns the first piece of personal data found in <paramref name="text"/> (identifiers anywhere, name
        /// words as whole words, ignoring case), or <see langword="null"/>.</summary>
        public string? FirstLeak(string text)
        {
            ReadOnlySpan<char> span = text;
            int at = span.IndexOfAny(_substringValues);
            if (at >= 0)
            {
                string rest = text[at..];
                return _substrings.First(v => rest.StartsWith(v, StringComparison.OrdinalIgnoreCase));
            }

            for (int offset = 0; offset < span.Length; offset = at + 1)
            {
                int found = span[offset..].IndexOfAny(_wordValues);
                if (found < 0)
                {
                    return null;
                }

                at = offset + found;
                foreach (string word in _words)
                {
                    int end = at + word.Length;
                    if (span[at..].StartsWith(word, StringComparison.OrdinalIgnoreCase) &&
                        (at == 0 || !char.IsLetterOrDigit(span[at - 1])) && (end == span.Length || !char.IsLetterOrDigit(span[end])))
                    {
                        return word;
                    }
                }
            }

            return null;
        }

        private static void AddWords(HashSet<string> words, string? text)
        {
            if (text is null)
            {
                return;
            }

            foreach (Match word in WordPattern().Matches(text))
            {
                words.Add(word.Value);
            }
        }

        [GeneratedRegex(@"[\p{L}\p{N}']+")]
        private static partial Regex WordPattern();
    }
}
