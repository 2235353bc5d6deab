// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>identity [persons...] [--seed N] [--probability p] [--keys flags] [--threads N] [--no-variants] [--no-aliases] [--no-email-names]</c>: generates the synthetic world at each size
/// (one event per person: only the accounts matter here), resolves its accounts with <see cref="FellegiSunterResolver"/>
/// and prints accounts, persons, seconds, pairs scored, pairwise precision, recall and F1 against the ground truth.
/// </summary>
/// <remarks>Bot accounts belong to no person; each counts as a person of its own. See docs/identity.md.</remarks>
public static class IdentityResolution
{
    public static int Run(string[] args)
    {
        var sizes = new List<int>();
        ulong seed = 42;
        double? probability = null;
        int threads = -1;
        BlockingKeys keys = BlockingKeys.Default;
        bool variants = true, aliases = true, emailNames = true, falseLinks = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed":
                    seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--probability":
                    probability = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--keys":
                    keys = (BlockingKeys)int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-variants":
                    variants = false;
                    break;
                case "--no-aliases":
                    aliases = false;
                    break;
                case "--false-links":
                    falseLinks = true;
                    break;
                case "--no-email-names":
                    emailNames = false;
                    break;
                case "--threads":
                    threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
                    break;
            }
        }

        if (sizes.Count == 0)
        {
            sizes.AddRange([100_000, 600_000]);
        }

        Console.WriteLine($"identity resolution on the synthetic world (seed {seed}), {Environment.ProcessorCount} processors");
        foreach (int persons in sizes)
        {
            var generation = Stopwatch.StartNew();
            SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions
            {
                Persons = persons,
                Seed = seed,
                EventsPerPerson = 1,
                ItemsPerPlatform = 32,
                FutureWindow = TimeSpan.Zero,
            });
            generation.Stop();

            var options = new IdentityResolverOptions { Salt = "benchmark", MaxDegreeOfParallelism = threads, BlockingKeys = keys };
            if (!variants)
            {
                options.FirstNameVariants = new Dictionary<string, IReadOnlyList<string>>();
            }

            if (!aliases)
            {
                options.CityAliases = new Dictionary<string, string>();
            }

            options.CompareEmailNames = emailNames;
            if (probability is { } p)
            {
                options.MatchProbability = p;
            }

            var resolver = new FellegiSunterResolver(options);
            GC.Collect();
            var stages = new StageClock();
            var timer = Stopwatch.StartNew();
            IdentityGraph graph = resolver.ResolveAsync(world.Accounts, stages).GetAwaiter().GetResult();
            timer.Stop();

            (double precision, double recall) = PairwiseScores(world, graph);
            (double ceiling, double linkableRecall) = LinkableRecall(world, graph);
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            IdentityResolutionReport report = graph.Report;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"persons {persons:N0}: accounts {report.Accounts:N0}, persons found {report.Persons:N0}, seconds {timer.Elapsed.TotalSeconds:F2} " +
                $"(world {generation.Elapsed.TotalSeconds:F1}), pairs scored {report.PairsScored:N0}, deterministic links {report.DeterministicLinks:N0}, " +
                $"probabilistic links {report.ProbabilisticLinks:N0}, combined links {report.CombinedLinks:N0}, threshold {graph.MatchThreshold:F2}, EM iterations {report.EmIterations} " +
                $"(converged {report.EmConverged}), precision {precision:F4}, recall {recall:F4}, F1 {f1:F4}, linkable-recall ceiling {ceiling:F4}, recall over linkable pairs {linkableRecall:F4}, " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB"));
            Console.WriteLine("  stages (seconds from the start): " + stages.Describe(timer.Elapsed));
            if (falseLinks)
            {
                PrintFalseLinks(world, graph);
            }

            FellegiSunterModel model = graph.Model;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  e-mail name: exact m {model.M(MatchField.EmailName, FieldComparison.Exact):F4} u {model.U(MatchField.EmailName, FieldComparison.Exact):G3} weight {model.Weight(MatchField.EmailName, FieldComparison.Exact):F2}, " +
                $"disagree m {model.M(MatchField.EmailName, FieldComparison.Disagree):F4} u {model.U(MatchField.EmailName, FieldComparison.Disagree):F4} weight {model.Weight(MatchField.EmailName, FieldComparison.Disagree):F2}; " +
                $"full name exact {model.Weight(MatchField.FirstName, FieldComparison.Exact) + model.Weight(MatchField.LastName, FieldComparison.Exact):F2}, first name very similar {model.Weight(MatchField.FirstName, FieldComparison.VerySimilar):F2}"));
        }

        return 0;
    }

    /// <summary>Prints the most frequent rule and field levels (F L Y C E P D N) of the links that join two true persons.</summary>
    private static void PrintFalseLinks(SyntheticWorld world, IdentityGraph graph)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] symbols = ["-", "x", "s", "v", "="];
        foreach (PersonId person in graph.Persons)
        {
            foreach (IdentityLink link in graph.Explain(person))
            {
                int? a = world.GroundTruth.PersonOf(link.First.Platform, link.First.Account);
                int? b = world.GroundTruth.PersonOf(link.Second.Platform, link.Second.Account);
                if (a is not null && a == b)
                {
                    continue;
                }

                var text = new System.Text.StringBuilder(link.Rule.ToString()).Append(' ');
                foreach (FieldEvidence evidence in link.Evidence)
                {
                    text.Append(symbols[(int)evidence.Level]).Append(' ');
                }

                string key = text.Append(link.Weight.ToString("F1", CultureInfo.InvariantCulture)).ToString();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var sorted = new List<KeyValuePair<string, int>>(counts);
        sorted.Sort((x, y) => y.Value.CompareTo(x.Value));
        Console.WriteLine("  links joining two true persons (rule, F L Y C E P D N, weight):");
        for (int i = 0; i < Math.Min(20, sorted.Count); i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {sorted[i].Value,6:N0}  {sorted[i].Key}"));
        }
    }

    /// <summary>Pairwise precision and recall: pairs of accounts of one true person against pairs in one found person.</summary>
    private static (double Precision, double Recall) PairwiseScores(SyntheticWorld world, IdentityGraph graph)
    {
        var cells = new Dictionary<(int, int), long>();
        var truthSizes = new Dictionary<int, long>();
        var foundSizes = new Dictionary<int, long>();
        int bots = 0;
        foreach (AccountRecord account in world.Accounts)
        {
            int truth = world.GroundTruth.PersonOf(account.Platform, account.Account) ?? -1 - bots++;
            int found = graph.PersonOf(account.Platform, account.Account).Value;
            cells[(truth, found)] = cells.GetValueOrDefault((truth, found)) + 1;
            truthSizes[truth] = truthSizes.GetValueOrDefault(truth) + 1;
            foundSizes[found] = foundSizes.GetValueOrDefault(found) + 1;
        }

        long together = Pairs(cells.Values);
        long foundPairs = Pairs(foundSizes.Values);
        long truePairs = Pairs(truthSizes.Values);
        return (foundPairs == 0 ? 1d : (double)together / foundPairs, truePairs == 0 ? 1d : (double)together / truePairs);
    }

    /// <summary>
    /// The recall of an oracle that joins two accounts of one person exactly when both carry an e-mail, a phone, a device
    /// or a name, whatever the values: what a resolver can reach without linking on birth year and city alone; and the
    /// resolver's recall over those linkable pairs.
    /// </summary>
    private static (double Ceiling, double LinkableRecall) LinkableRecall(SyntheticWorld world, IdentityGraph graph)
    {
        long linkedPairs = 0;
        long joinedLinkable = 0;
        long truePairs = 0;
        for (int person = 0; person < world.GroundTruth.PersonCount; person++)
        {
            IReadOnlyList<AccountRecord> accounts = world.GroundTruth.AccountsOf(person);
            var component = new int[accounts.Count];
            for (int i = 0; i < component.Length; i++)
            {
                component[i] = i;
            }

            for (int i = 0; i < accounts.Count; i++)
            {
                for (int j = i + 1; j < accounts.Count; j++)
                {
                    AccountRecord a = accounts[i];
                    AccountRecord b = accounts[j];
                    if ((a.Email is not null && b.Email is not null) || (a.Phone is not null && b.Phone is not null)
                        || (a.DeviceIds.Count > 0 && b.DeviceIds.Count > 0) || (a.DisplayName is not null && b.DisplayName is not null))
                    {
                        int from = component[j];
                        int to = component[i];
                        for (int k = 0; k < component.Length; k++)
                        {
                            component[k] = component[k] == from ? to : component[k];
                        }
                    }
                }
            }

            for (int i = 0; i < accounts.Count; i++)
            {
                for (int j = i + 1; j < accounts.Count; j++)
                {
                    truePairs++;
                    bool linkable = component[i] == component[j];
                    linkedPairs += linkable ? 1 : 0;
                    joinedLinkable += linkable && graph.PersonOf(accounts[i].Platform, accounts[i].Account) == graph.PersonOf(accounts[j].Platform, accounts[j].Account) ? 1 : 0;
                }
            }
        }

        return (truePairs == 0 ? 1d : (double)linkedPairs / truePairs, linkedPairs == 0 ? 1d : (double)joinedLinkable / linkedPairs);
    }

    /// <summary>Records when each stage first reports, to break the total time down.</summary>
    private sealed class StageClock : IProgress<IdentityProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(IdentityStage Stage, TimeSpan At)> _starts = [];

        public void Report(IdentityProgress value)
        {
            lock (_starts)
            {
                if (_starts.Count == 0 || _starts[^1].Stage != value.Stage)
                {
                    _starts.Add((value.Stage, _clock.Elapsed));
                }
            }
        }

        public string Describe(TimeSpan total)
        {
            var parts = new List<string>();
            for (int i = 0; i < _starts.Count; i++)
            {
                TimeSpan end = i + 1 < _starts.Count ? _starts[i + 1].At : total;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{_starts[i].Stage} {(end - _starts[i].At).TotalSeconds:F2}"));
            }

            return string.Join(", ", parts);
        }
    }

    private static long Pairs(IEnumerable<long> sizes)
    {
        long total = 0;
        foreach (long size in sizes)
        {
            total += size * (size - 1) / 2;
        }

        return total;
    }
}
