// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Profiles.Core.Tests;

/// <summary>
/// A small seeded population of persons with accounts on several platforms whose identifiers vary the way real data
/// does (e-mail case, dots, +tags and googlemail; phone formats; name typos, accents and order; missing fields), plus
/// a junk e-mail and a shared device held by many accounts. Used where the synthetic world would be too large.
/// </summary>
internal static class IdentityTestData
{
    private static readonly string[] s_first =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Barbara",
        "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "José", "María", "Zoë", "Søren", "Chloé",
        "Anaïs", "Björn", "Ingrid", "Mateo", "Lucía", "Noah", "Emma", "Liam", "Olivia", "Ethan", "Ava", "Lucas", "Mia", "Hugo",
        "Léa", "Oscar", "Freya", "Arjun", "Priya", "Kenji", "Yuki", "Omar", "Layla", "Ivan", "Olga",
    ];

    private static readonly string[] s_last =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
        "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Pérez", "Thompson",
        "White", "Harris", "Sánchez", "Clark", "Ramírez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
        "Mitchell", "Carter", "Roberts", "Müller", "Schröder", "O'Brien", "Kowalski", "Novák", "Dubois", "Lefèvre", "Rossi",
        "Bianchi", "Yamamoto",
    ];

    private static readonly string[] s_cities =
    [
        "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas",
        "San José", "Austin", "Montréal", "Québec", "Zürich", "São Paulo", "München", "Köln", "Kraków", "Malmö", "Besançon",
    ];

    private static readonly string[] s_providers = ["gmail.com", "yahoo.com", "example.org", "mail.com", "outlook.com"];
    private static readonly string[] s_platforms = ["shop", "social", "news", "partner"];

    /// <summary>Generates the accounts of <paramref name="persons"/> persons; <c>Truth[i]</c> is the true person of account <c>i</c>.</summary>
    public static (List<AccountRecord> Accounts, int[] Truth) Generate(int persons, ulong seed)
    {
        var random = new TestRandom(seed);
        var accounts = new List<AccountRecord>();
        var truth = new List<int>();
        string sharedTablet = "tablet-" + seed.ToString(CultureInfo.InvariantCulture);
        for (int p = 0; p < persons; p++)
        {
            string first = s_first[random.Next(s_first.Length)];
            string last = s_last[random.Next(s_last.Length)];
            int year = 1950 + random.Next(55);
            string city = s_cities[random.Next(s_cities.Length)];
            string provider = s_providers[random.Next(s_providers.Length)];
            string local = Ascii(first) + "." + Ascii(last) + random.Next(1000).ToString(CultureInfo.InvariantCulture);
            string phone = (200 + random.Next(800)).ToString(CultureInfo.InvariantCulture) + (1_000_000 + random.Next(9_000_000)).ToString(CultureInfo.InvariantCulture);
            string device = "dev-" + p.ToString(CultureInfo.InvariantCulture) + "-" + random.Next(1 << 30).ToString(CultureInfo.InvariantCulture);

            int platforms = 1 + random.Next(4);
            int offset = random.Next(s_platforms.Length);
            for (int k = 0; k < platforms; k++)
            {
                string platform = s_platforms[(offset + k) % s_platforms.Length];
                var devices = new List<string>();
                if (random.NextDouble() < 0.4)
                {
                    devices.Add(random.NextDouble() < 0.5 ? device : device.ToUpperInvariant());
                }

                if (random.NextDouble() < 0.02)
                {
                    devices.Add(sharedTablet);
                }

                accounts.Add(new AccountRecord(platform, $"{platform}-{p}-{k}")
                {
                    Email = random.NextDouble() < 0.02 ? "test@test.com" : random.NextDouble() < 0.7 ? EmailVariant(random, local, provider) : null,
                    Phone = random.NextDouble() < 0.45 ? PhoneVariant(random, phone) : null,
                    DeviceIds = devices,
                    DisplayName = random.NextDouble() < 0.92 ? NameVariant(random, first, last) : null,
                    BirthYear = random.NextDouble() < 0.7 ? year + (random.NextDouble() < 0.03 ? 1 : 0) : null,
                    City = random.NextDouble() < 0.7 ? CityVariant(random, city) : null,
                });
                truth.Add(p);
            }
        }

        return (accounts, truth.ToArray());
    }

    /// <summary>Computes pairwise precision and recall of a clustering against the truth.</summary>
    public static (double Precision, double Recall) PairwiseScores(int[] truth, int[] predicted)
    {
        var cells = new Dictionary<(int, int), long>();
        var truthSizes = new Dictionary<int, long>();
        var predictedSizes = new Dictionary<int, long>();
        for (int i = 0; i < truth.Length; i++)
        {
            cells[(truth[i], predicted[i])] = cells.GetValueOrDefault((truth[i], predicted[i])) + 1;
            truthSizes[truth[i]] = truthSizes.GetValueOrDefault(truth[i]) + 1;
            predictedSizes[predicted[i]] = predictedSizes.GetValueOrDefault(predicted[i]) + 1;
        }

        static long Pairs(IEnumerable<long> sizes)
        {
            long total = 0;
            foreach (long s in sizes)
            {
                total += s * (s - 1) / 2;
            }

            return total;
        }

        long together = Pairs(cells.Values);
        long predictedPairs = Pairs(predictedSizes.Values);
        long truePairs = Pairs(truthSizes.Values);
        return (predictedPairs == 0 ? 1d : (double)together / predictedPairs, truePairs == 0 ? 1d : (double)together / truePairs);
    }

    /// <summary>
    /// Computes the recall of an oracle that joins two accounts of one true person exactly when both carry an e-mail, a
    /// phone, a device or a name (whatever the values): the most any resolver can reach without guessing from birth
    /// year and city alone.
    /// </summary>
    public static double LinkableRecall(IReadOnlyList<AccountRecord> accounts, int[] truth)
    {
        var parent = new int[truth.Length];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        var byPerson = new Dictionary<int, List<int>>();
        for (int i = 0; i < truth.Length; i++)
        {
            if (!byPerson.TryGetValue(truth[i], out List<int>? members))
            {
                byPerson[truth[i]] = members = [];
            }

            members.Add(i);
        }

        foreach (List<int> members in byPerson.Values)
        {
            for (int x = 0; x < members.Count; x++)
            {
                for (int y = x + 1; y < members.Count; y++)
                {
                    AccountRecord a = accounts[members[x]];
                    AccountRecord b = accounts[members[y]];
                    bool linkable = (a.Email is not null && b.Email is not null) || (a.Phone is not null && b.Phone is not null)
                        || (a.DeviceIds.Count > 0 && b.DeviceIds.Count > 0) || (a.DisplayName is not null && b.DisplayName is not null);
                    if (linkable)
                    {
                        parent[Find(members[x])] = Find(members[y]);
                    }
                }
            }
        }

        var oracle = new int[truth.Length];
        for (int i = 0; i < oracle.Length; i++)
        {
            oracle[i] = Find(i);
        }

        return PairwiseScores(truth, oracle).Recall;
    }

    private static string Ascii(string s) => IdentityNormalizer.Fold(s)!.Replace(" ", string.Empty, StringComparison.Ordinal);

    private static string EmailVariant(TestRandom random, string local, string provider)
    {
        string domain = provider;
        string name = local;
        if (provider == "gmail.com")
        {
            if (random.NextDouble() < 0.3)
            {
                name = name.Replace(".", string.Empty, StringComparison.Ordinal);
            }

            if (random.NextDouble() < 0.3)
            {
                name += "+" + (random.NextDouble() < 0.5 ? "shop" : "news");
            }

            if (random.NextDouble() < 0.2)
            {
                domain = "googlemail.com";
            }
        }

        string email = name + "@" + domain;
        return random.Next(3) switch
        {
            0 => email.ToUpperInvariant(),
            1 => "  " + email + " ",
            _ => email,
        };
    }

    private static string PhoneVariant(TestRandom random, string digits) => random.Next(5) switch
    {
        0 => "+1 " + digits,
        1 => $"({digits[..3]}) {digits[3..6]}-{digits[6..]}",
        2 => $"1-{digits[..3]}-{digits[3..6]}-{digits[6..]}",
        3 => $"001 {digits[..3]} {digits[3..6]} {digits[6..]}",
        _ => $"{digits[..3]}.{digits[3..6]}.{digits[6..]}",
    };

    private static string NameVariant(TestRandom random, string first, string last)
    {
        double r = random.NextDouble();
        if (r < 0.08)
        {
            last = Typo(random, last);
        }
        else if (r < 0.14)
        {
            first = Typo(random, first);
        }

        string name = random.Next(10) switch
        {
            0 => last + ", " + first,
            1 => (first + " " + last).ToUpperInvariant(),
            2 => "  " + first + "   " + last,
            3 => Ascii(first) + " " + Ascii(last),
            _ => first + " " + last,
        };
        return name;
    }

    private static string Typo(TestRandom random, string s)
    {
        if (s.Length < 4)
        {
            return s;
        }

        int i = 1 + random.Next(s.Length - 2);
        return random.Next(2) == 0
            ? string.Concat(s.AsSpan(0, i), s.AsSpan(i + 1)) // drop a letter
            : string.Concat(s.AsSpan(0, i), s[i + 1].ToString(), s[i].ToString(), s.AsSpan(i + 2)); // swap two
    }

    private static string CityVariant(TestRandom random, string city) => random.Next(4) switch
    {
        0 => city.ToUpperInvariant(),
        1 => IdentityNormalizer.Fold(city)!,
        _ => city,
    };

    /// <summary>A SplitMix64 stream for reproducible test data.</summary>
    private sealed class TestRandom(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int bound) => (int)((NextUInt64() >> 33) % (ulong)bound);

        public double NextDouble() => (NextUInt64() >> 11) * (1d / (1UL << 53));

        private ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
