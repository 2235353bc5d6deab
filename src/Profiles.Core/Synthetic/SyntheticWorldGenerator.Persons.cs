// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace Profiles.Core;

// Persons: identity, tastes, namesakes, contacts made unique, bots' identities and the numbering of accounts.
internal sealed partial class SyntheticWorldGenerator
{
    /// <summary>Builds every person's addresses, phone and devices in parallel, then makes them unique in person order.</summary>
    private void BuildContacts()
    {
        _canonical = new ulong[2 * _persons];
        ForEachBlock(_persons, ChunkSize, BuildContact);
        MakeContactsUnique();
        _canonical = null;
    }

    private void BuildIdentity(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonIdentity, scratch);
        _first[p] = (short)r.NextInt(SyntheticPeopleData.FirstNames.Length);
        _last[p] = (short)r.NextInt(SyntheticPeopleData.LastNames.Length);
        _birth[p] = (short)(1950 + r.Choose(_birthYears));
        _city[p] = (byte)r.Choose(_cities);
        _mask[p] = (byte)r.Choose(_masks);
        double multiplier = s_activityMultipliers[r.Choose(_activity)] / _activityMean;
        _target[p] = Math.Max(1, (int)Math.Round(_o.EventsPerPerson * multiplier * (0.7 + (0.6 * r.NextDouble()))));
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            _prefs[(p * PlatformCount) + pl] = (float)(s_platformActivity[pl] * (0.5 + r.NextDouble()));
        }

        // Last, so that the namesake rate moves nothing else.
        bool namesake = r.Chance(_o.NamesakeRate);
        int source = r.NextInt(Math.Max(1, p));
        bool sameYear = r.Chance(_o.NamesakeSameBirthYearShare);
        bool sameCity = r.Chance(0.25);
        _namesakeOf[p] = namesake && p > 0 ? source : -1;
        _namesakeFlags[p] = (byte)((sameYear ? 1 : 0) | (sameCity ? 2 : 0));
    }

    private void BuildTaste(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonTaste, scratch);
        int k = r.Choose(_tasteSize);
        Span<int> topics = stackalloc int[4];
        topics[0] = r.Choose(_topicPopularity);
        for (int j = 1; j < k; j++)
        {
            int chosen = -1;
            if (r.Chance(0.4))
            {
                // Tastes cluster: another topic of the category of one already chosen.
                int[] category = _categoryTopics[_topicCategory[topics[r.NextInt(j)]]];
                int offset = r.NextInt(category.Length);
                for (int q = 0; q < category.Length && chosen < 0; q++)
                {
                    int candidate = category[(offset + q) % category.Length];
                    if (!topics[..j].Contains(candidate))
                    {
                        chosen = candidate;
                    }
                }
            }

            for (int attempt = 0; attempt < 32 && chosen < 0; attempt++)
            {
                int candidate = r.Choose(_topicPopularity);
                if (!topics[..j].Contains(candidate))
                {
                    chosen = candidate;
                }
            }

            for (int q = 0; chosen < 0; q++)
            {
                if (!topics[..j].Contains(q))
                {
                    chosen = q;
                }
            }

            topics[j] = chosen;
        }

        Span<double> weights = stackalloc double[4];
        double sum = 0d;
        for (int j = 0; j < k; j++)
        {
            double u = r.NextDouble();
            weights[j] = 0.05 + (u * u);
            sum += weights[j];
        }

        _tasteCount[p] = (byte)k;
        for (int j = 0; j < k; j++)
        {
            float w = (float)(weights[j] / sum);
            _tastes[((long)p * _topicCount) + topics[j]] = w;
            _tasteTopics[(p * 4) + j] = (byte)topics[j];
            _tasteWeights[(p * 4) + j] = w;
        }
    }

    private void ResolveNamesakes()
    {
        for (int p = 0; p < _persons; p++)
        {
            int source = _namesakeOf[p];
            if (source < 0)
            {
                continue;
            }

            // Sources come first, so they already hold their final names.
            _first[p] = _first[source];
            _last[p] = _last[source];
            if ((_namesakeFlags[p] & 1) != 0)
            {
                _birth[p] = _birth[source];
            }

            if ((_namesakeFlags[p] & 2) != 0)
            {
                _city[p] = _city[source];
            }
        }
    }

    private void BuildContact(int p, DeterministicRandom scratch)
    {
        DeterministicRandom r = PersonStream(p, PersonContact, scratch);
        string f = NameForms.FirstEmail[_first[p]];
        string l = NameForms.LastEmail[_last[p]];
        _emailLocal[p] = PrimaryLocal(f, l, _birth[p], r);
        _emailDomain[p] = (byte)r.Choose(_providers);
        _secondary[p] = SecondaryEmail(f, l, r);
        int[] areaCodes = SyntheticPeopleData.Cities[_city[p]].AreaCodes;

        // Exchanges 000-199 do not exist in the North American plan: the numbers look real but reach nobody.
        _phone[p] = (areaCodes[r.NextInt(areaCodes.Length)] * 10_000_000L) + (r.NextInt(200) * 10_000L) + r.NextInt(10_000);
        var devices = new string[r.Choose(_deviceCounts)];
        for (int i = 0; i < devices.Length; i++)
        {
            devices[i] = SyntheticPii.DeviceId(r, upper: r.Chance(0.45));
        }

        _devices[p] = devices;
        _canonical![2 * p] = SyntheticPii.CanonicalEmailHash(_emailLocal[p], Domain(p));
        _canonical[(2 * p) + 1] = SyntheticPii.CanonicalEmailHash(_secondary[p]);
    }

    private string Domain(int p) => SyntheticPeopleData.EmailProviders[_emailDomain[p]].Domain;

    private string PrimaryLocal(string f, string l, int year, DeterministicRandom r) =>
        r.Choose(_emailPatterns) switch
        {
            0 => f + "." + l,
            1 => f + l,
            2 => f + "_" + l,
            3 => string.Concat(f.AsSpan(0, 1), l),
            4 => string.Concat(f, l.AsSpan(0, 1)),
            5 => f + "." + l + (year % 100).ToString("D2", CultureInfo.InvariantCulture),
            6 => f + l + SyntheticPii.Invariant(r.NextInt(1, 1000)),
            7 => l + "." + f,
            8 => f + SyntheticPii.Invariant(year),
            _ => string.Concat(f.AsSpan(0, 1), ".", l),
        };

    private string SecondaryEmail(string f, string l, DeterministicRandom r)
    {
        if (r.Chance(0.4))
        {
            string local = r.Chance(0.5) ? f + "." + l : string.Concat(f.AsSpan(0, 1), l);
            return local + "@" + r.Pick<string>(SyntheticPeopleData.WorkDomains);
        }

        return HandleEmail(r);
    }

    private string HandleEmail(DeterministicRandom r)
    {
        string[] words = SyntheticPeopleData.HandleWords;
        string local = words[r.NextInt(words.Length)] + words[r.NextInt(words.Length)] + SyntheticPii.Invariant(r.NextInt(10, 10_000));
        return local + "@" + SyntheticPeopleData.EmailProviders[r.Choose(_providers)].Domain;
    }

    private void BuildBotIdentities()
    {
        for (int b = 0; b < _bots; b++)
        {
            DeterministicRandom r = BotStream(b, BotIdentity);
            _botPlatform[b] = r.Choose(_botPlatforms);
            DeterministicRandom contact = BotStream(b, BotContact);
            _botEmail[b] = contact.Chance(0.5) ? HandleEmail(contact) : null;
        }
    }

    /// <summary>Makes every canonical e-mail address and every phone number belong to one person (or bot) only.</summary>
    private void MakeContactsUnique()
    {
        ulong[] canonical = _canonical!;
        var emails = new HashSet<ulong>(_persons * 2);
        var phones = new HashSet<long>(_persons);
        for (int p = 0; p < _persons; p++)
        {
            DeterministicRandom? r = null;
            while (!emails.Add(canonical[2 * p]))
            {
                _emailLocal[p] += SyntheticPii.Invariant((r ??= PersonStream(p, PersonDedupe)).NextInt(1, 100));
                canonical[2 * p] = SyntheticPii.CanonicalEmailHash(_emailLocal[p], Domain(p));
            }

            while (!emails.Add(canonical[(2 * p) + 1]))
            {
                _secondary[p] = WithDigits(_secondary[p], r ??= PersonStream(p, PersonDedupe));
                canonical[(2 * p) + 1] = SyntheticPii.CanonicalEmailHash(_secondary[p]);
            }

            while (!phones.Add(_phone[p]))
            {
                r ??= PersonStream(p, PersonDedupe);
                _phone[p] = (_phone[p] / 10_000_000L * 10_000_000L) + (r.NextInt(200) * 10_000L) + r.NextInt(10_000);
            }
        }

        for (int b = 0; b < _bots; b++)
        {
            DeterministicRandom? r = null;
            while (_botEmail[b] is { } email && !emails.Add(SyntheticPii.CanonicalEmailHash(email)))
            {
                _botEmail[b] = WithDigits(email, r ??= BotStream(b, BotContact).Fork(1));
            }
        }
    }

    private static string WithDigits(string email, DeterministicRandom r)
    {
        int at = email.IndexOf('@', StringComparison.Ordinal);
        return string.Concat(email.AsSpan(0, at), SyntheticPii.Invariant(r.NextInt(1, 100)), email.AsSpan(at));
    }

    private void NumberAccounts()
    {
        Span<int> counts = stackalloc int[PlatformCount];
        _slotStart = new int[_persons + 1];
        for (int p = 0; p < _persons; p++)
        {
            int mask = _mask[p];
            for (int pl = 0; pl < PlatformCount; pl++)
            {
                if ((mask & (1 << pl)) != 0)
                {
                    counts[pl]++;
                }
            }

            _slotStart[p + 1] = _slotStart[p] + BitOperations.PopCount((uint)mask);
        }

        for (int b = 0; b < _bots; b++)
        {
            counts[_botPlatform[b]]++;
        }

        var numbers = new int[PlatformCount][];
        DeterministicRandom numbering = _root.Fork(StreamNumbering);
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            _platformSlotOffset[pl + 1] = _platformSlotOffset[pl] + counts[pl];
            _accountWidth[pl] = Math.Max(7, Digits(Math.Max(0, counts[pl] - 1)));
            numbers[pl] = new int[counts[pl]];
            for (int i = 0; i < counts[pl]; i++)
            {
                numbers[pl][i] = i;
            }

            numbering.Fork((ulong)pl).Shuffle(numbers[pl].AsSpan());
        }

        int total = _platformSlotOffset[PlatformCount];
        _personOfSlot = new int[total];
        _slots = new int[_slotStart[_persons]];
        _botSlots = new int[_bots];
        _accounts = new AccountRecord[total];
        Span<int> next = stackalloc int[PlatformCount];
        for (int p = 0; p < _persons; p++)
        {
            int k = _slotStart[p];
            for (int pl = 0; pl < PlatformCount; pl++)
            {
                if ((_mask[p] & (1 << pl)) != 0)
                {
                    int slot = _platformSlotOffset[pl] + numbers[pl][next[pl]++];
                    _slots[k++] = slot;
                    _personOfSlot[slot] = p;
                }
            }
        }

        for (int b = 0; b < _bots; b++)
        {
            int pl = _botPlatform[b];
            int slot = _platformSlotOffset[pl] + numbers[pl][next[pl]++];
            _botSlots[b] = slot;
            _personOfSlot[slot] = -1;
        }
    }

    /// <summary>The e-mail and folded forms of every name, computed once.</summary>
    private static class NameForms
    {
        public static readonly string[] FirstEmail = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.EmailPart);
        public static readonly string[] LastEmail = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.EmailPart);
        public static readonly string[] FirstFolded = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.Fold);
        public static readonly string[] LastFolded = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.Fold);
        public static readonly string[] FirstGerman = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.FoldGerman);
        public static readonly string[] LastGerman = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.FoldGerman);
        public static readonly bool[] FirstAccented = Array.ConvertAll(SyntheticPeopleData.FirstNames, SyntheticPii.HasNonAscii);
        public static readonly bool[] LastAccented = Array.ConvertAll(SyntheticPeopleData.LastNames, SyntheticPii.HasNonAscii);
    }
}
