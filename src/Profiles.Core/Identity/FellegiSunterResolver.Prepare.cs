// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

public sealed partial class FellegiSunterResolver
{
    private const int MinBirthYear = 1800;
    private const int MaxBirthYear = 2200;

    /// <summary>Prepended (after the salt) to the name keys, so that they never hash like an e-mail, phone or device.</summary>
    private const string NameKeyPrefix = "\u0001name:";

    /// <summary>Normalises every account in parallel: hashes e-mail, phone and devices, folds names and city.</summary>
    private Normalised Normalise(List<AccountRecord> records, ParallelOptions parallel, IProgress<IdentityProgress>? progress)
    {
        int n = records.Count;
        var result = new Normalised(n);
        var devices = new KeyHash[n][];
        int invalidEmails = 0;
        int invalidPhones = 0;
        long done = 0;
        progress?.Report(new IdentityProgress(IdentityStage.Normalising, 0, n));
        const int chunk = 4096;
        _ = Parallel.For(0, (n + chunk - 1) / chunk, parallel, c =>
        {
            int start = c * chunk;
            int end = Math.Min(n, start + chunk);
            int badEmails = 0;
            int badPhones = 0;
            for (int i = start; i < end; i++)
            {
                AccountRecord record = records[i];
                string? email = IdentityNormalizer.Email(record.Email, _ignoreDotsProviders, _options.StripPlusTags, out bool badEmail);
                badEmails += badEmail ? 1 : 0;
                if (email is not null)
                {
                    result.EmailHashes[i] = KeyHash.Compute(_salt, email);
                }

                string? phone = IdentityNormalizer.Phone(record.Phone, _options.DefaultCountryCode, out bool badPhone);
                badPhones += badPhone ? 1 : 0;
                if (phone is not null)
                {
                    result.PhoneHashes[i] = KeyHash.Compute(_salt, phone);
                }

                devices[i] = HashDevices(record.DeviceIds);
                (result.First[i], result.Last[i], result.Surname[i]) = IdentityNormalizer.NameParts(record.DisplayName);
                if (email is not null && result.First[i] is null && _options.CompareEmailNames && IdentityNormalizer.EmailName(email) is string letters)
                {
                    // Only an account without a name compares the name its e-mail spells (see PreparedAccounts.EmailNameLevel).
                    result.EmailNameHashes[i] = KeyHash.Compute(_salt, string.Concat(NameKeyPrefix, letters));
                    result.EmailNameProbes[i] = letters.GetHashCode(StringComparison.Ordinal);
                }
                string? city = IdentityNormalizer.City(record.City);
                result.City[i] = city is not null && _cityAliases.TryGetValue(city, out string? canonical) ? canonical : city;
                result.Year[i] = record.BirthYear is int year && year >= MinBirthYear && year <= MaxBirthYear ? year : 0;
            }

            _ = Interlocked.Add(ref invalidEmails, badEmails);
            _ = Interlocked.Add(ref invalidPhones, badPhones);
            long now = Interlocked.Add(ref done, end - start);
            if (progress is not null && (c & 63) == 0)
            {
                progress.Report(new IdentityProgress(IdentityStage.Normalising, now, n));
            }
        });

        result.InvalidEmails = invalidEmails;
        result.InvalidPhones = invalidPhones;
        int total = 0;
        for (int i = 0; i < n; i++)
        {
            total += devices[i].Length;
        }

        result.DeviceHashes = new KeyHash[total];
        result.DeviceStart = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            devices[i].CopyTo(result.DeviceHashes, result.DeviceStart[i]);
            result.DeviceStart[i + 1] = result.DeviceStart[i] + devices[i].Length;
        }

        progress?.Report(new IdentityProgress(IdentityStage.Normalising, n, n));
        return result;
    }

    /// <summary>Hashes the distinct device ids of one account (trimmed, lower-cased), in input order.</summary>
    private KeyHash[] HashDevices(IReadOnlyList<string>? deviceIds)
    {
        if (deviceIds is null || deviceIds.Count == 0)
        {
            return [];
        }

        var hashes = new List<KeyHash>(deviceIds.Count);
        for (int d = 0; d < deviceIds.Count; d++)
        {
            string? id = deviceIds[d];
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            KeyHash hash = KeyHash.Compute(_salt, id.Trim().ToLowerInvariant());
            if (!hashes.Contains(hash))
            {
                hashes.Add(hash);
            }
        }

        return hashes.ToArray();
    }

    /// <summary>Interns hashes and folded strings into dense ids and caps over-shared keys.</summary>
    private Interned Intern(Normalised source, CancellationToken cancellationToken)
    {
        int n = source.Year.Length;
        int cap = _options.MaxKeyGroupSize;
        var cappedAccount = new bool[n];

        int[] emailId = InternKeys(source.EmailHashes, cap, cappedAccount, out int cappedEmails);
        int[] phoneId = InternKeys(source.PhoneHashes, cap, cappedAccount, out int cappedPhones);
        cancellationToken.ThrowIfCancellationRequested();

        // Devices: count accounts per distinct hash, then keep the uncapped ones per account, ascending.
        var deviceIds = new Dictionary<KeyHash, int>();
        var deviceCounts = new List<int>();
        var rawDevices = new int[source.DeviceHashes.Length];
        for (int d = 0; d < rawDevices.Length; d++)
        {
            if (!deviceIds.TryGetValue(source.DeviceHashes[d], out int id))
            {
                id = deviceIds.Count;
                deviceIds.Add(source.DeviceHashes[d], id);
                deviceCounts.Add(0);
            }

            rawDevices[d] = id;
            deviceCounts[id]++;
        }

        int cappedDevices = 0;
        foreach (int count in deviceCounts)
        {
            cappedDevices += count > cap ? 1 : 0;
        }

        var deviceStart = new int[n + 1];
        var devices = new List<int>(rawDevices.Length);
        for (int i = 0; i < n; i++)
        {
            int from = devices.Count;
            for (int d = source.DeviceStart[i]; d < source.DeviceStart[i + 1]; d++)
            {
                if (deviceCounts[rawDevices[d]] > cap)
                {
                    cappedAccount[i] = true;
                }
                else
                {
                    devices.Add(rawDevices[d]);
                }
            }

            devices.Sort(from, devices.Count - from, null);
            deviceStart[i + 1] = devices.Count;
        }

        cancellationToken.ThrowIfCancellationRequested();
        int[] firstId = InternStrings(source.First, out string[] firstNames);
        int[] lastId = InternStrings(source.Last, out string[] lastNames);
        int[] cityId = InternStrings(source.City, out string[] cities);
        int cappedAccounts = 0;
        foreach (bool capped in cappedAccount)
        {
            cappedAccounts += capped ? 1 : 0;
        }

        var prepared = new PreparedAccounts(
            n, firstId, lastId, cityId, source.Year, emailId, phoneId, deviceStart, devices.ToArray(), firstNames, lastNames, cities,
            _options.SimilarThreshold, _options.VerySimilarThreshold);
        cancellationToken.ThrowIfCancellationRequested();
        InternFirstNameForms(prepared);
        if (_options.CompareEmailNames)
        {
            InternNameKeys(prepared, source, cancellationToken);
        }
        return new Interned(prepared, cappedEmails, cappedPhones, cappedDevices, cappedAccounts);
    }

    /// <summary>Gives every distinct first name the full names it may stand for (itself, or those of a short form) as ids, and the name its phonetic code is taken from.</summary>
    private void InternFirstNameForms(PreparedAccounts p)
    {
        string[] names = p.FirstNames;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var start = new int[names.Length + 1];
        var forms = new List<int>(names.Length);
        var blockingNames = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            string[] full = _firstNameForms.TryGetValue(names[i], out string[]? known) ? known : [names[i]];
            int from = forms.Count;
            foreach (string name in full)
            {
                if (!ids.TryGetValue(name, out int id))
                {
                    id = ids.Count;
                    ids.Add(name, id);
                }

                forms.Add(id);
            }

            forms.Sort(from, forms.Count - from, null);
            start[i + 1] = forms.Count;
            blockingNames[i] = full[0];
        }

        p.SetFirstNameForms(start, forms.ToArray(), blockingNames);
    }

    /// <summary>
    /// Interns the e-mail names (an over-shared e-mail gives none) and the name keys of every distinct (first, last,
    /// surname) triple as salted hashes: first and last run together in both orders and with either as an initial, for
    /// the first name and the full names it may stand for, and for the last token and the whole surname.
    /// </summary>
    private void InternNameKeys(PreparedAccounts p, Normalised source, CancellationToken cancellationToken)
    {
        int n = p.Count;
        int[] surnameId = InternStrings(source.Surname, out string[] surnames);
        var groupOf = new Dictionary<(int First, int Last, int Surname), int>();
        var groups = new List<(int First, int Last, int Surname)>();
        var accountGroup = new int[n];
        for (int i = 0; i < n; i++)
        {
            accountGroup[i] = PreparedAccounts.Missing;
            if (p.FirstId[i] < 0 || p.LastId[i] < 0)
            {
                continue;
            }

            var triple = (p.FirstId[i], p.LastId[i], surnameId[i]);
            if (!groupOf.TryGetValue(triple, out int group))
            {
                group = groups.Count;
                groupOf.Add(triple, group);
                groups.Add(triple);
            }

            accountGroup[i] = group;
        }

        // A name key is hashed only when some e-mail name has its 32-bit string hash (randomised per process, so a
        // probe reveals little): most name keys meet no e-mail, and skipping them changes nothing but the time.
        var probes = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            if (source.EmailNameHashes[i] != default)
            {
                _ = probes.Add(source.EmailNameProbes[i]);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var groupHashes = new KeyHash[groups.Count][];
        _ = Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, g =>
        {
            (int first, int last, int surname) = groups[g];
            string[] firsts = p.FirstNames[first].Length > 1 && _firstNameForms.TryGetValue(p.FirstNames[first], out string[]? full)
                ? (full.Length == 1 && full[0] == p.FirstNames[first] ? full : [p.FirstNames[first], .. full])
                : [p.FirstNames[first]];
            string[] lasts = surname >= 0 ? [p.LastNames[last], surnames[surname]] : [p.LastNames[last]];
            var keys = new List<string>(8);
            foreach (string f in firsts)
            {
                string fl = IdentityNormalizer.Letters(f);
                foreach (string l in lasts)
                {
                    string ll = IdentityNormalizer.Letters(l);
                    if (fl.Length == 0 || ll.Length == 0)
                    {
                        continue;
                    }

                    AddKey(keys, fl + ll);
                    if (fl.Length > 1 && ll.Length > 1)
                    {
                        AddKey(keys, ll + fl);
                        AddKey(keys, string.Concat(fl.AsSpan(0, 1), ll));
                        AddKey(keys, string.Concat(fl, ll.AsSpan(0, 1)));
                    }
                }
            }

            var hashes = new List<KeyHash>(keys.Count);
            foreach (string key in keys)
            {
                if (key.Length >= 4 && probes.Contains(key.GetHashCode(StringComparison.Ordinal)))
                {
                    hashes.Add(KeyHash.Compute(_salt, string.Concat(NameKeyPrefix, key)));
                }
            }

            groupHashes[g] = hashes.ToArray();
        });

        var ids = new Dictionary<KeyHash, int>();
        int Id(KeyHash hash)
        {
            if (!ids.TryGetValue(hash, out int id))
            {
                id = ids.Count;
                ids.Add(hash, id);
            }

            return id;
        }

        var keyStart = new int[groups.Count + 1];
        var keyIds = new List<int>();
        var keysByPriority = new List<int>(); // each group's key ids in the order its forms were generated (own name first)
        for (int g = 0; g < groups.Count; g++)
        {
            int from = keyIds.Count;
            foreach (KeyHash hash in groupHashes[g])
            {
                int id = Id(hash);
                keyIds.Add(id);
                keysByPriority.Add(id);
            }

            keyIds.Sort(from, keyIds.Count - from, null);
            keyStart[g + 1] = keyIds.Count;
        }

        var emailName = new int[n];
        var emailNames = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            bool capped = source.EmailHashes[i] != default && p.EmailId[i] == PreparedAccounts.Missing;
            emailName[i] = source.EmailNameHashes[i] == default || capped ? PreparedAccounts.Missing : Id(source.EmailNameHashes[i]);
            if (emailName[i] >= 0)
            {
                _ = emailNames.Add(emailName[i]);
            }
        }

        // The key a group blocks on: the most specific of its name keys that some e-mail name equals, in the order the
        // forms were generated (first and last name, last and first, then the initial forms; the name as written before
        // its short-form expansions), so that a form another group also produces (an initial form such as `mgarcia`)
        // does not hide the full form (`mariagarcia`). Only one key per group: a nameless account whose e-mail spells a
        // less specific form of a name that also has a more specific match is not brought to that name by this key.
        var blockingKey = new int[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            blockingKey[g] = PreparedAccounts.Missing;
            for (int k = keyStart[g]; k < keyStart[g + 1]; k++)
            {
                if (emailNames.Contains(keysByPriority[k]))
                {
                    blockingKey[g] = keysByPriority[k];
                    break;
                }
            }
        }

        p.SetNameKeys(emailName, accountGroup, keyStart, keyIds.ToArray(), blockingKey);
    }

    private static void AddKey(List<string> keys, string key)
    {
        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }

    /// <summary>Interns one hash per account; a hash held by more than <paramref name="cap"/> accounts becomes missing.</summary>
    private static int[] InternKeys(KeyHash[] hashes, int cap, bool[] cappedAccount, out int cappedKeys)
    {
        var ids = new Dictionary<KeyHash, int>();
        var counts = new List<int>();
        var result = new int[hashes.Length];
        for (int i = 0; i < hashes.Length; i++)
        {
            if (hashes[i] == default)
            {
                result[i] = PreparedAccounts.Missing;
                continue;
            }

            if (!ids.TryGetValue(hashes[i], out int id))
            {
                id = ids.Count;
                ids.Add(hashes[i], id);
                counts.Add(0);
            }

            result[i] = id;
            counts[id]++;
        }

        cappedKeys = 0;
        foreach (int count in counts)
        {
            cappedKeys += count > cap ? 1 : 0;
        }

        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] >= 0 && counts[result[i]] > cap)
            {
                result[i] = PreparedAccounts.Missing;
                cappedAccount[i] = true;
            }
        }

        return result;
    }

    private static int[] InternStrings(string?[] values, out string[] distinct)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<string>();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            string? value = values[i];
            if (value is null)
            {
                result[i] = PreparedAccounts.Missing;
                continue;
            }

            if (!ids.TryGetValue(value, out int id))
            {
                id = list.Count;
                ids.Add(value, id);
                list.Add(value);
            }

            result[i] = id;
            values[i] = null; // the per-account copy is no longer needed
        }

        distinct = list.ToArray();
        return result;
    }

    /// <summary>Links each account to the first account that shares an uncapped e-mail, phone or device with it; distinct pairs, sorted.</summary>
    private static long[] DeterministicPairs(Interned interned)
    {
        PreparedAccounts p = interned.Prepared;
        var pairs = new List<long>();
        StarPairs(p.EmailId, pairs);
        StarPairs(p.PhoneId, pairs);

        var firstWithDevice = new Dictionary<int, int>();
        for (int i = 0; i < p.Count; i++)
        {
            for (int d = p.DeviceStart[i]; d < p.DeviceStart[i + 1]; d++)
            {
                if (!firstWithDevice.TryAdd(p.Devices[d], i))
                {
                    pairs.Add(((long)firstWithDevice[p.Devices[d]] << 32) | (uint)i);
                }
            }
        }

        long[] sorted = pairs.ToArray();
        Array.Sort(sorted);
        int unique = 0;
        for (int k = 0; k < sorted.Length; k++)
        {
            if (k == 0 || sorted[k] != sorted[k - 1])
            {
                sorted[unique++] = sorted[k];
            }
        }

        return sorted.AsSpan(0, unique).ToArray();
    }

    private static void StarPairs(int[] ids, List<long> pairs)
    {
        var first = new Dictionary<int, int>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && !first.TryAdd(ids[i], i))
            {
                pairs.Add(((long)first[ids[i]] << 32) | (uint)i);
            }
        }
    }

    /// <summary>The per-account output of normalisation: hashes (kept in the graph) and folded strings (dropped after interning).</summary>
    private sealed class Normalised
    {
        public Normalised(int n)
        {
            EmailHashes = new KeyHash[n];
            EmailNameHashes = new KeyHash[n];
            EmailNameProbes = new int[n];
            PhoneHashes = new KeyHash[n];
            Surname = new string?[n];
            First = new string?[n];
            Last = new string?[n];
            City = new string?[n];
            Year = new int[n];
            DeviceStart = [];
            DeviceHashes = [];
        }

        public KeyHash[] EmailHashes { get; }

        public KeyHash[] PhoneHashes { get; }

        /// <summary>Gets the salted hash of the name each account's e-mail address spells; default when none.</summary>
        public KeyHash[] EmailNameHashes { get; }

        /// <summary>Gets the 32-bit string hash (randomised per process) of the name each account's e-mail spells, to skip name keys no e-mail can match.</summary>
        public int[] EmailNameProbes { get; }

        /// <summary>Gets each account's whole surname run together when it has several tokens.</summary>
        public string?[] Surname { get; }

        public int[] DeviceStart { get; set; }

        public KeyHash[] DeviceHashes { get; set; }

        public string?[] First { get; }

        public string?[] Last { get; }

        public string?[] City { get; }

        public int[] Year { get; }

        public int InvalidEmails { get; set; }

        public int InvalidPhones { get; set; }
    }

    /// <summary>The interned accounts and what capping found.</summary>
    private sealed record Interned(PreparedAccounts Prepared, int CappedEmailKeys, int CappedPhoneKeys, int CappedDeviceKeys, int CappedKeyAccounts);
}
