// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace Profiles.Core;

/// <summary>
/// What the synthetic world knows and a pipeline must find out: which accounts belong to which person, every person's
/// true tastes, the namesakes, the bot accounts and every dirty row with its reason.
/// </summary>
/// <remarks>
/// <para>Persons are numbered <c>0 .. PersonCount - 1</c>; nothing in <see cref="SyntheticWorld.Accounts"/> or
/// <see cref="SyntheticWorld.Events"/> reveals the number (account ids are shuffled per platform).</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SyntheticGroundTruth
{
    private readonly SyntheticWorldTables _tables;
    private readonly SyntheticEventList _events;
    private readonly int[] _personOfSlot;
    private readonly int[] _slotStart;
    private readonly int[] _slots;
    private readonly float[] _tastes;
    private readonly int _topics;
    private readonly short[] _first;
    private readonly short[] _last;
    private readonly short[] _birth;
    private readonly int[] _namesakeOf;
    private readonly int[] _platformSlotOffset;
    private readonly string[] _accountPrefixes;
    private readonly int[] _accountIdWidth;
    private readonly int[] _counts;

    internal SyntheticGroundTruth(
        SyntheticWorldTables tables, SyntheticEventList events, int[] personOfSlot, int[] slotStart, int[] slots, float[] tastes,
        int topics, short[] first, short[] last, short[] birth, int[] namesakeOf, int[] platformSlotOffset, string[] accountPrefixes,
        int[] accountIdWidth, int[] botSlots, DirtyRow[] dirtyRows)
    {
        _tables = tables;
        _events = events;
        _personOfSlot = personOfSlot;
        _slotStart = slotStart;
        _slots = slots;
        _tastes = tastes;
        _topics = topics;
        _first = first;
        _last = last;
        _birth = birth;
        _namesakeOf = namesakeOf;
        _platformSlotOffset = platformSlotOffset;
        _accountPrefixes = accountPrefixes;
        _accountIdWidth = accountIdWidth;

        var bots = new AccountRecord[botSlots.Length];
        for (int i = 0; i < bots.Length; i++)
        {
            bots[i] = tables.Accounts[botSlots[i]];
        }

        BotAccounts = Array.AsReadOnly(bots);
        DirtyRows = Array.AsReadOnly(dirtyRows);
        _counts = new int[Enum.GetValues<DirtyRowKind>().Length];
        foreach (DirtyRow row in dirtyRows)
        {
            _counts[(int)row.Kind]++;
        }

        _counts[0] = events.Count - dirtyRows.Length;
    }

    /// <summary>Gets the number of persons.</summary>
    public int PersonCount => _first.Length;

    /// <summary>Gets the bot accounts: accounts of no person, each emitting bursts of hundreds of events a day.</summary>
    public IReadOnlyList<AccountRecord> BotAccounts { get; }

    /// <summary>Gets every dirty row of <see cref="SyntheticWorld.Events"/>, bot rows included, by increasing index.</summary>
    /// <remarks>Removing exactly these rows leaves the clean training events, in order.</remarks>
    public IReadOnlyList<DirtyRow> DirtyRows { get; }

    /// <summary>Returns the person an account belongs to.</summary>
    /// <param name="platform">The account's platform.</param>
    /// <param name="account">The account's id.</param>
    /// <returns>The person's number; <see langword="null"/> for a bot account or an account not in the world.</returns>
    public int? PersonOf(PlatformId platform, AccountId account)
    {
        int slot = SlotOf(platform, account);
        return slot >= 0 && _personOfSlot[slot] >= 0 ? _personOfSlot[slot] : null;
    }

    /// <summary>Returns whether an account is one of <see cref="BotAccounts"/>.</summary>
    /// <param name="platform">The account's platform.</param>
    /// <param name="account">The account's id.</param>
    /// <returns><see langword="true"/> for a bot account.</returns>
    public bool IsBot(PlatformId platform, AccountId account)
    {
        int slot = SlotOf(platform, account);
        return slot >= 0 && _personOfSlot[slot] < 0;
    }

    /// <summary>Returns a person's accounts, at most one per platform, in platform order.</summary>
    /// <param name="person">The person's number.</param>
    /// <returns>The accounts (one to three).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="person"/> is not a person's number.</exception>
    public IReadOnlyList<AccountRecord> AccountsOf(int person)
    {
        CheckPerson(person);
        var result = new AccountRecord[_slotStart[person + 1] - _slotStart[person]];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _tables.Accounts[_slots[_slotStart[person] + i]];
        }

        return Array.AsReadOnly(result);
    }

    /// <summary>Returns a person's true tastes: weights over <see cref="SyntheticWorld.Topics"/> (2 to 4 positive), summing to 1.</summary>
    /// <param name="person">The person's number.</param>
    /// <returns>One weight per topic, in <see cref="SyntheticTopic.Index"/> order.</returns>
    /// <remarks>A share <see cref="SyntheticWorldOptions.TasteNoise"/> of the person's interactions follows overall
    /// topic popularity instead; the tastes here are the signal without that noise.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="person"/> is not a person's number.</exception>
    public ReadOnlySpan<float> TasteOf(int person)
    {
        CheckPerson(person);
        return _tastes.AsSpan(person * _topics, _topics);
    }

    /// <summary>Returns a person's true full name, as written before accounts vary it.</summary>
    /// <param name="person">The person's number.</param>
    /// <returns>First and last name separated by a space.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="person"/> is not a person's number.</exception>
    public string NameOf(int person)
    {
        CheckPerson(person);
        return SyntheticPeopleData.FirstNames[_first[person]] + " " + SyntheticPeopleData.LastNames[_last[person]];
    }

    /// <summary>Returns a person's true year of birth, which accounts give as is or not at all.</summary>
    /// <param name="person">The person's number.</param>
    /// <returns>The year.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="person"/> is not a person's number.</exception>
    public int BirthYearOf(int person)
    {
        CheckPerson(person);
        return _birth[person];
    }

    /// <summary>Returns the earlier person whose full name this person was given on purpose (a namesake), if any.</summary>
    /// <param name="person">The person's number.</param>
    /// <returns>The other person's number, or <see langword="null"/>; persons can also share a name by chance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="person"/> is not a person's number.</exception>
    public int? NamesakeOf(int person)
    {
        CheckPerson(person);
        return _namesakeOf[person] >= 0 ? _namesakeOf[person] : null;
    }

    /// <summary>Returns why a row of <see cref="SyntheticWorld.Events"/> is dirty.</summary>
    /// <param name="eventIndex">The row's index.</param>
    /// <returns>The reason, or <see cref="DirtyRowKind.None"/> for a clean row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventIndex"/> is outside the events.</exception>
    public DirtyRowKind DirtyKindOf(int eventIndex)
    {
        if ((uint)eventIndex >= (uint)_events.Count)
        {
            Throw.OutOfRange(nameof(eventIndex), eventIndex, $"must be from 0 to {_events.Count - 1}");
        }

        return _events.Rows[eventIndex].Reason;
    }

    /// <summary>Returns how many rows of <see cref="SyntheticWorld.Events"/> have a reason; <see cref="DirtyRowKind.None"/> counts the clean rows.</summary>
    /// <param name="kind">The reason.</param>
    /// <returns>The number of rows.</returns>
    public int CountOf(DirtyRowKind kind) => (uint)kind < (uint)_counts.Length ? _counts[(int)kind] : 0;

    private void CheckPerson(int person)
    {
        if ((uint)person >= (uint)_first.Length)
        {
            Throw.OutOfRange(nameof(person), person, $"must be from 0 to {_first.Length - 1}");
        }
    }

    private int SlotOf(PlatformId platform, AccountId account)
    {
        int p = Array.IndexOf(_tables.Platforms, platform);
        string? id = account.Value;
        if (p < 0 || id is null || !id.StartsWith(_accountPrefixes[p], StringComparison.Ordinal))
        {
            return -1;
        }

        ReadOnlySpan<char> digits = id.AsSpan(_accountPrefixes[p].Length);
        if (digits.Length != _accountIdWidth[p] || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return -1;
        }

        int slot = _platformSlotOffset[p] + number;
        return number < _platformSlotOffset[p + 1] - _platformSlotOffset[p] && _tables.Accounts[slot].Account == account ? slot : -1;
    }
}
