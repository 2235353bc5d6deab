// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>identity-misses [persons...] [--seed N]</c>: resolves the synthetic world's accounts with the default options and
/// splits the true pairs the resolver did not join into: never compared (no shared blocking key), compared but below
/// the threshold, at or above the threshold but not joined (the one-account-per-platform rule), and unlinkable (no
/// chain of account pairs that both carry an e-mail, phone, device or name). Prints the most frequent comparison
/// patterns of each kind (fields F L Y C E P D N: first, last, year, city, e-mail, phone, device, e-mail name; levels
/// <c>-</c> missing, <c>x</c> disagree, <c>s</c> similar, <c>v</c> very similar, <c>=</c> exact).
/// </summary>
/// <remarks>
/// The comparison is recomputed outside the resolver from the accounts the resolver prepares (its normalisation,
/// interning and default blocking keys), so the counts are exact.
/// </remarks>
public static class IdentityMisses
{
    private static readonly string[] s_levels = ["-", "x", "s", "v", "="];

    public static int Run(string[] args)
    {
        var sizes = new List<int>();
        ulong seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seed")
            {
                seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
            }
        }

        if (sizes.Count == 0)
        {
            sizes.Add(10_000);
        }

        foreach (int persons in sizes)
        {
            Analyse(persons, seed);
        }

        return 0;
    }

    private static void Analyse(int persons, ulong seed)
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions
        {
            Persons = persons,
            Seed = seed,
            EventsPerPerson = 1,
            ItemsPerPlatform = 32,
            FutureWindow = TimeSpan.Zero,
        });
        var options = new IdentityResolverOptions { Salt = "benchmark" };
        IdentityGraph graph = new FellegiSunterResolver(options).ResolveAsync(world.Accounts).GetAwaiter().GetResult();
        IReadOnlyList<AccountRecord> accounts = world.Accounts;
        int n = accounts.Count;
        var indexOf = new Dictionary<AccountKey, int>(n);
        for (int i = 0; i < n; i++)
        {
            indexOf[new AccountKey(accounts[i].Platform, accounts[i].Account)] = i;
        }

        (PreparedAccounts prepared, Func<int, int, bool> compared) = new FellegiSunterResolver(options).PrepareForAnalysis(accounts);
        double threshold = graph.MatchThreshold;
        var found = new int[n];
        for (int i = 0; i < n; i++)
        {
            found[i] = graph.PersonOf(accounts[i].Platform, accounts[i].Account).Value;
        }

        long truePairs = 0, together = 0, linkablePairs = 0, linkableTogether = 0, agreeingPairs = 0, agreeingTogether = 0;
        long unlinkable = 0, notBlocked = 0, belowThreshold = 0, aboveThreshold = 0, sharedKey = 0;
        long missedPersons = 0, missedPairsInSplitPersons = 0;
        var notBlockedPatterns = new Dictionary<string, int>(StringComparer.Ordinal);
        var belowPatterns = new Dictionary<string, int>(StringComparer.Ordinal);
        var unlinkablePresence = new Dictionary<string, int>(StringComparer.Ordinal);
        var splitShapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var partPatterns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int person = 0; person < world.GroundTruth.PersonCount; person++)
        {
            IReadOnlyList<AccountRecord> mine = world.GroundTruth.AccountsOf(person);
            int[] idx = mine.Select(a => indexOf[new AccountKey(a.Platform, a.Account)]).ToArray();
            int[] component = OracleComponents(mine);
            int[] agreeing = AgreementComponents(prepared, idx);
            bool split = false;
            for (int x = 0; x < idx.Length; x++)
            {
                for (int y = x + 1; y < idx.Length; y++)
                {
                    truePairs++;
                    bool joined = found[idx[x]] == found[idx[y]];
                    together += joined ? 1 : 0;
                    bool linkable = component[x] == component[y];
                    linkablePairs += linkable ? 1 : 0;
                    linkableTogether += linkable && joined ? 1 : 0;
                    bool agrees = agreeing[x] == agreeing[y];
                    agreeingPairs += agrees ? 1 : 0;
                    agreeingTogether += agrees && joined ? 1 : 0;
                    if (joined)
                    {
                        continue;
                    }

                    split = true;
                    int a = idx[x], b = idx[y];
                    int pattern = prepared.Compare(a, b);
                    string text = Describe(pattern);
                    if (!linkable)
                    {
                        unlinkable++;
                        Increment(unlinkablePresence, Presence(mine[x]) + " | " + Presence(mine[y]));
                    }
                    else if (Level(pattern, MatchField.Email) == FieldComparison.Exact || Level(pattern, MatchField.Phone) == FieldComparison.Exact
                        || Level(pattern, MatchField.Device) == FieldComparison.Exact)
                    {
                        sharedKey++;
                    }
                    else if (!compared(a, b))
                    {
                        notBlocked++;
                        Increment(notBlockedPatterns, text);
                    }
                    else if (graph.Model.PatternWeight(pattern) < threshold)
                    {
                        belowThreshold++;
                        Increment(belowPatterns, string.Create(CultureInfo.InvariantCulture, $"{text} {graph.Model.PatternWeight(pattern),6:F1}"));
                    }
                    else
                    {
                        aboveThreshold++;
                    }
                }
            }

            if (split)
            {
                missedPersons++;
                var parts = new SortedDictionary<int, int>();
                foreach (int i in idx)
                {
                    parts[found[i]] = parts.GetValueOrDefault(found[i]) + 1;
                }

                string shape = idx.Length + " accounts in " + string.Join("+", parts.Values.OrderByDescending(v => v));
                Increment(splitShapes, shape);
                long pairs = (long)idx.Length * (idx.Length - 1) / 2;
                foreach (int size in parts.Values)
                {
                    pairs -= (long)size * (size - 1) / 2;
                }

                missedPairsInSplitPersons += pairs;
                int[] partIds = parts.Keys.ToArray();
                for (int u = 0; u < partIds.Length; u++)
                {
                    for (int v = u + 1; v < partIds.Length; v++)
                    {
                        int[] left = idx.Where(i => found[i] == partIds[u]).ToArray();
                        int[] right = idx.Where(i => found[i] == partIds[v]).ToArray();
                        var best = new int[ComparisonPattern.Fields];
                        var bestW = Enumerable.Repeat(double.NegativeInfinity, ComparisonPattern.Fields).ToArray();
                        foreach (int l in left)
                        {
                            foreach (int r in right)
                            {
                                int pat = prepared.Compare(Math.Min(l, r), Math.Max(l, r));
                                for (int f = 0; f < ComparisonPattern.Fields; f++)
                                {
                                    var lev = ComparisonPattern.Level(pat, f);
                                    if (lev != FieldComparison.Missing && graph.Model.Weight((MatchField)f, lev) > bestW[f])
                                    {
                                        bestW[f] = graph.Model.Weight((MatchField)f, lev);
                                        best[f] = (int)lev;
                                    }
                                }
                            }
                        }

                        int combined = 0;
                        double w = 0;
                        for (int f = 0; f < ComparisonPattern.Fields; f++)
                        {
                            combined += best[f] * ComparisonPattern.Power(f);
                            w += best[f] == 0 ? 0 : bestW[f];
                        }

                        Increment(partPatterns, string.Create(CultureInfo.InvariantCulture, $"{Describe(combined)} {w,6:F1} ({left.Length}+{right.Length})"));
                    }
                }
            }
        }

        // Pairs that agree exactly on the full name and carry no other common field: how often one person, by how many
        // accounts carry that full name, and whether the two are on different platforms.
        var byName = new Dictionary<long, List<int>>();
        var truthOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            truthOf[i] = world.GroundTruth.PersonOf(accounts[i].Platform, accounts[i].Account) ?? -1 - i;
            if (prepared.FirstId[i] >= 0 && prepared.LastId[i] >= 0)
            {
                long name = ((long)prepared.FirstId[i] << 32) | (uint)prepared.LastId[i];
                if (!byName.TryGetValue(name, out List<int>? list))
                {
                    byName[name] = list = [];
                }

                list.Add(i);
            }
        }

        var nameOnly = new SortedDictionary<string, (int Same, int Total)>(StringComparer.Ordinal);
        foreach (List<int> group in byName.Values)
        {
            for (int u = 0; u < group.Count; u++)
            {
                for (int v = u + 1; v < group.Count; v++)
                {
                    int a = group[u], b = group[v];
                    int pattern = prepared.Compare(a, b);
                    if (pattern != (int)FieldComparison.Exact * 6 || accounts[a].Platform == accounts[b].Platform)
                    {
                        continue;
                    }

                    string bucket = Math.Min(group.Count, 6).ToString(CultureInfo.InvariantCulture) + (found[a] == found[b] ? " linked" : " not linked");
                    (int same, int total) = nameOnly.GetValueOrDefault(bucket);
                    nameOnly[bucket] = (same + (truthOf[a] == truthOf[b] ? 1 : 0), total + 1);
                }
            }
        }

        Console.WriteLine("  name-only pairs on different platforms by accounts carrying the full name (one person / all):");
        foreach (KeyValuePair<string, (int Same, int Total)> entry in nameOnly)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {entry.Key}: {entry.Value.Same:N0} / {entry.Value.Total:N0}"));
        }

        long missed = truePairs - together;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"persons {persons:N0}, accounts {n:N0}, threshold {threshold:F2}: true pairs {truePairs:N0}, recall {(double)together / truePairs:F4}, " +
            $"linkable pairs {linkablePairs:N0} (ceiling {(double)linkablePairs / truePairs:F4}), recall over linkable pairs {(double)linkableTogether / linkablePairs:F4}; " +
            $"pairs joined by a chain of agreeing identifiers {agreeingPairs:N0} (strict ceiling {(double)agreeingPairs / truePairs:F4}), recall over them {(double)agreeingTogether / agreeingPairs:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  missed pairs {missed:N0} ({(double)missed / truePairs:P2} of true pairs) in {missedPersons:N0} split persons: unlinkable {unlinkable:N0}, " +
            $"never compared {notBlocked:N0}, compared below threshold {belowThreshold:N0}, above threshold but not joined {aboveThreshold:N0}, shared exact key {sharedKey:N0}"));
        Print("  split persons by shape", splitShapes, 8);
        Print("  parts of split persons, combined best levels (F L Y C E P D N, weight, sizes)", partPatterns, 40);
        Print("  never compared (F L Y C E P D N)", notBlockedPatterns, 15);
        Print("  below threshold (F L Y C E P D N, weight)", belowPatterns, 25);
        Print("  unlinkable (fields present: e p d n y c)", unlinkablePresence, 10);
    }

    private static void Print(string title, Dictionary<string, int> counts, int top)
    {
        Console.WriteLine(title + ":");
        foreach (KeyValuePair<string, int> entry in counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {entry.Value,7:N0}  {entry.Key}"));
        }
    }

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static FieldComparison Level(int pattern, MatchField field) => ComparisonPattern.Level(pattern, (int)field);

    private static string Describe(int pattern)
    {
        var parts = new string[ComparisonPattern.Fields];
        for (int f = 0; f < parts.Length; f++)
        {
            parts[f] = s_levels[(int)ComparisonPattern.Level(pattern, f)];
        }

        return string.Join(" ", parts);
    }

    private static string Presence(AccountRecord a) => string.Concat(
        a.Email is null ? "." : "e", a.Phone is null ? "." : "p", a.DeviceIds.Count == 0 ? "." : "d",
        a.DisplayName is null ? "." : "n", a.BirthYear is null ? "." : "y", a.City is null ? "." : "c");

    /// <summary>The oracle of the identity benchmark: accounts joined when both carry an e-mail, a phone, a device or a name.</summary>
    private static int[] OracleComponents(IReadOnlyList<AccountRecord> accounts)
    {
        var component = Enumerable.Range(0, accounts.Count).ToArray();
        for (int i = 0; i < accounts.Count; i++)
        {
            for (int j = i + 1; j < accounts.Count; j++)
            {
                AccountRecord a = accounts[i], b = accounts[j];
                if ((a.Email is not null && b.Email is not null) || (a.Phone is not null && b.Phone is not null)
                    || (a.DeviceIds.Count > 0 && b.DeviceIds.Count > 0) || (a.DisplayName is not null && b.DisplayName is not null))
                {
                    int from = component[j], to = component[i];
                    for (int k = 0; k < component.Length; k++)
                    {
                        component[k] = component[k] == from ? to : component[k];
                    }
                }
            }
        }

        return component;
    }

    /// <summary>
    /// A stricter oracle: accounts joined when they share an e-mail, phone or device, or both their first and last
    /// names agree at least as similar (an initial against its name included): a chain of agreeing identifiers.
    /// </summary>
    private static int[] AgreementComponents(PreparedAccounts prepared, int[] idx)
    {
        var component = Enumerable.Range(0, idx.Length).ToArray();
        for (int i = 0; i < idx.Length; i++)
        {
            for (int j = i + 1; j < idx.Length; j++)
            {
                int pattern = prepared.Compare(Math.Min(idx[i], idx[j]), Math.Max(idx[i], idx[j]));
                bool agree = Level(pattern, MatchField.Email) == FieldComparison.Exact || Level(pattern, MatchField.Phone) == FieldComparison.Exact
                    || Level(pattern, MatchField.Device) == FieldComparison.Exact
                    || (Level(pattern, MatchField.FirstName) >= FieldComparison.Similar && Level(pattern, MatchField.LastName) >= FieldComparison.Similar);
                if (agree)
                {
                    int from = component[j], to = component[i];
                    for (int k = 0; k < component.Length; k++)
                    {
                        component[k] = component[k] == from ? to : component[k];
                    }
                }
            }
        }

        return component;
    }
}
