// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Numerics;
using System.Threading.Tasks;

namespace Profiles.Core;

// Account records: how each account varies its person's e-mail, phone, name, birth year, city and devices.
internal sealed partial class SyntheticWorldGenerator
{
    /// <summary>Builds the account records of persons (in parallel) and bots.</summary>
    private void BuildAllAccounts()
    {
        var byPerson = new AccountRecord[_slots.Length];
        Parallel.For(0, (_persons + ChunkSize - 1) / ChunkSize, ParallelOptions(), c =>
        {
            int to = Math.Min(_persons, (c + 1) * ChunkSize);
            var r = new DeterministicRandom(0);
            for (int p = c * ChunkSize; p < to; p++)
            {
                BuildAccounts(p, r, byPerson);
            }

            Report(to - (c * ChunkSize));
        });

        // Records are made in person order and placed by slot only now: writing them straight into their shuffled
        // slots would touch the whole array between collections and make every collection scan it.
        for (int i = 0; i < byPerson.Length; i++)
        {
            _accounts[_slots[i]] = byPerson[i];
        }

        for (int b = 0; b < _bots; b++)
        {
            BuildBotAccount(b);
        }

        Report(_bots);
    }

    private string AccountIdOf(int platform, int slot) =>
        SyntheticPii.PaddedId(AccountPrefixes[platform], slot - _platformSlotOffset[platform], _accountWidth[platform]);

    private void BuildAccounts(int p, DeterministicRandom scratch, AccountRecord[] byPerson)
    {
        DeterministicRandom r = PersonStream(p, PersonAccounts, scratch);
        SyntheticPeopleData.City city = SyntheticPeopleData.Cities[_city[p]];
        string? plainEmail = null, plainName = null; // shared by the person's accounts that do not vary them
        string[] devices = _devices[p];
        int k = _slotStart[p];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            if ((_mask[p] & (1 << pl)) == 0)
            {
                continue;
            }

            int slot = _slots[k];
            double[] presence = s_presence[pl];
            string? email = r.Chance(presence[0]) ? AccountEmail(p, pl, r, ref plainEmail) : null;
            string? phone = r.Chance(presence[1]) ? SyntheticPii.FormatPhone(_phone[p], SyntheticPii.PhoneFormats[r.Choose(_phoneFormats[pl])]) : null;
            string? name = r.Chance(presence[2]) ? DisplayName(_first[p], _last[p], pl, r, ref plainName) : null;
            int? birthYear = r.Chance(presence[3]) ? _birth[p] : null;
            string? cityName = r.Chance(presence[4]) ? CityName(city, r) : null;
            IReadOnlyList<string> deviceIds = devices.Length > 0 && r.Chance(presence[5]) ? DeviceSubset(devices, r) : Array.Empty<string>();
            byPerson[k++] = new AccountRecord(PlatformOf(pl), AccountIdOf(pl, slot))
            {
                Email = email,
                Phone = phone,
                DisplayName = name,
                BirthYear = birthYear,
                City = cityName,
                DeviceIds = deviceIds,
            };
        }
    }

    private string AccountEmail(int p, int platform, DeterministicRandom r, ref string? plain)
    {
        if (r.Chance(0.08))
        {
            return _secondary[p]; // a completely different address
        }

        string local = _emailLocal[p], domain = Domain(p);
        if (domain == "gmail.com")
        {
            if (r.Chance(0.3))
            {
                // Gmail ignores dots: drop them all, or add one inside the local part.
                local = local.Contains('.', StringComparison.Ordinal) ? local.Replace(".", string.Empty, StringComparison.Ordinal) : InsertDot(local, r);
            }

            if (r.Chance(0.05))
            {
                domain = "googlemail.com";
            }
        }

        string tag = r.Chance(0.12) ? "+" + (r.Chance(0.5) ? PlatformTag(platform) : r.Pick<string>(SyntheticPeopleData.EmailTags)) : string.Empty;
        string email = ReferenceEquals(local, _emailLocal[p]) && domain == Domain(p) && tag.Length == 0
            ? plain ??= string.Concat(local, "@", domain)
            : string.Concat(local, tag, "@", domain);
        if (r.Chance(0.15))
        {
            email = r.Chance(0.3) ? SyntheticPii.ToUpper(email) : CapitaliseParts(email);
        }

        if (r.Chance(0.02))
        {
            email = r.Chance(0.5) ? " " + email : email + " ";
        }

        return email;
    }

    private static PlatformId PlatformOf(int platform) => platform switch { Shop => SyntheticWorld.Shop, Social => SyntheticWorld.Social, _ => SyntheticWorld.News };

    private static string PlatformTag(int platform) => platform switch { Shop => "shop", Social => "social", _ => "news" };

    private static string InsertDot(string local, DeterministicRandom r)
    {
        if (local.Length < 3)
        {
            return local;
        }

        int i = r.NextInt(1, local.Length - 1);
        return local.Insert(i, ".");
    }

    /// <summary>Capitalises every part of an address: <c>maria.garcia@gmail.com</c> to <c>Maria.Garcia@Gmail.com</c>.</summary>
    private static string CapitaliseParts(string email)
    {
        char[] chars = email.ToCharArray();
        bool start = true;
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (start && c is >= 'a' and <= 'z')
            {
                chars[i] = (char)(c - 32);
            }

            start = c is '.' or '@' or '_' or '+';
        }

        return new string(chars);
    }

    private static string DisplayName(int firstIndex, int lastIndex, int platform, DeterministicRandom r, ref string? plain)
    {
        string first = SyntheticPeopleData.FirstNames[firstIndex];
        string last = SyntheticPeopleData.LastNames[lastIndex];
        if ((NameForms.FirstAccented[firstIndex] || NameForms.LastAccented[lastIndex]) && r.Chance(0.45))
        {
            bool german = r.Chance(0.25);
            first = german ? NameForms.FirstGerman[firstIndex] : NameForms.FirstFolded[firstIndex];
            last = german ? NameForms.LastGerman[lastIndex] : NameForms.LastFolded[lastIndex];
        }

        string name;
        if (r.Chance(s_shortNameChance[platform]))
        {
            name = r.NextInt(4) switch
            {
                0 when SyntheticPeopleData.ShortForms.TryGetValue(SyntheticPeopleData.FirstNames[firstIndex], out string[]? shortForms) => r.Pick<string>(shortForms) + " " + last,
                1 => string.Concat(first, " ", last.AsSpan(0, 1), "."),
                2 => string.Concat(first.AsSpan(0, 1), ". ", last),
                3 when platform != Shop => first,
                _ => Plain(first, last, firstIndex, lastIndex, ref plain),
            };
        }
        else
        {
            name = r.Chance(platform == Shop ? 0.06 : 0.02) ? last + ", " + first : Plain(first, last, firstIndex, lastIndex, ref plain);
        }

        if (r.Chance(0.07))
        {
            name = SyntheticPii.Typo(name, r);
        }

        if (r.Chance(0.05))
        {
            name = r.Chance(0.6) ? SyntheticPii.ToLower(name) : SyntheticPii.ToUpper(name);
        }

        if (r.Chance(0.05))
        {
            name = r.NextInt(3) switch
            {
                0 => name.Replace(" ", "  ", StringComparison.Ordinal),
                1 => name + " ",
                _ => " " + name,
            };
        }

        return name;
    }

    /// <summary>Returns <c>first last</c>, made once per person when both parts are as written (folding one makes a new string).</summary>
    private static string Plain(string first, string last, int firstIndex, int lastIndex, ref string? plain) =>
        ReferenceEquals(first, SyntheticPeopleData.FirstNames[firstIndex]) && ReferenceEquals(last, SyntheticPeopleData.LastNames[lastIndex])
            ? plain ??= first + " " + last
            : first + " " + last;

    private static string CityName(SyntheticPeopleData.City city, DeterministicRandom r)
    {
        string name = city.Aliases.Length > 0 && r.Chance(0.2) ? r.Pick<string>(city.Aliases) : city.Name;
        if (r.Chance(0.05))
        {
            name = r.Chance(0.6) ? SyntheticPii.ToLower(name) : name + " ";
        }

        return name;
    }

    /// <summary>Returns some of a person's devices (at least one), read-only: accounts share the strings, never the list.</summary>
    private static ReadOnlyCollection<string> DeviceSubset(string[] devices, DeterministicRandom r)
    {
        if (devices.Length == 1)
        {
            return Array.AsReadOnly(devices);
        }

        int mask = 0;
        for (int i = 0; i < devices.Length; i++)
        {
            if (r.Chance(0.6))
            {
                mask |= 1 << i;
            }
        }

        if (mask == 0)
        {
            mask = 1 << r.NextInt(devices.Length);
        }

        var subset = new string[BitOperations.PopCount((uint)mask)];
        for (int i = 0, k = 0; i < devices.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                subset[k++] = devices[i];
            }
        }

        return Array.AsReadOnly(subset);
    }

    private void BuildBotAccount(int b)
    {
        int pl = _botPlatform[b];
        int slot = _botSlots[b];
        DeterministicRandom a = BotStream(b, BotAccount);
        string[] words = SyntheticPeopleData.HandleWords;
        string name = a.Chance(0.5)
            ? words[a.NextInt(words.Length)] + "_" + words[a.NextInt(words.Length)] + SyntheticPii.Invariant(a.NextInt(10, 10_000))
            : a.Pick<string>(SyntheticPeopleData.FirstNames) + " " + a.Pick<string>(SyntheticPeopleData.LastNames);
        _accounts[slot] = new AccountRecord(PlatformOf(pl), AccountIdOf(pl, slot))
        {
            Email = _botEmail[b],
            DisplayName = name,
            BirthYear = a.Chance(0.3) ? 1950 + a.NextInt(59) : null,
            City = a.Chance(0.3) ? a.Pick<SyntheticPeopleData.City>(SyntheticPeopleData.Cities).Name : null,
            DeviceIds = a.Chance(0.7) ? Array.AsReadOnly([SyntheticPii.DeviceId(a, upper: a.Chance(0.5))]) : Array.Empty<string>(),
        };
    }
}
