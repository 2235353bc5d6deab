// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>One event of the synthetic world in 24 bytes: the world keeps these and builds <see cref="InteractionEvent"/>s on access.</summary>
internal struct EventRow
{
    /// <summary>Account codes of the empty ids of dirty rows: <c>""</c>, white space and a default instance.</summary>
    public const int EmptyString = -1, WhiteSpace = -2, DefaultId = -3;

    private const int TextBits = 18, KindShift = 18, PlatformShift = 23, HasValueBit = 1 << 25, ReasonShift = 26;

    /// <summary>Gets the largest text index a row can hold.</summary>
    public const int MaxText = (1 << TextBits) - 2;

    /// <summary>The timestamp in Unix seconds.</summary>
    public long Seconds;

    /// <summary>The account's slot (its index in <see cref="SyntheticWorld.Accounts"/>), or a negative empty-id code.</summary>
    public int Account;

    /// <summary>The item's index in <see cref="SyntheticWorld.Items"/>, or a negative empty-id code.</summary>
    public int Item;

    /// <summary>The value, when <see cref="HasValue"/>.</summary>
    public float Value;

    /// <summary>Text index + 1 (18 bits), kind (5), platform (2), has-value (1), dirty reason (4).</summary>
    public int Meta;

    public readonly int Text => (Meta & ((1 << TextBits) - 1)) - 1;

    public readonly int Kind => (Meta >> KindShift) & 31;

    public readonly int Platform => (Meta >> PlatformShift) & 3;

    public readonly bool HasValue => (Meta & HasValueBit) != 0;

    public readonly DirtyRowKind Reason => (DirtyRowKind)((Meta >> ReasonShift) & 15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EventRow Create(long seconds, int platform, int account, int item, int kind, float? value = null, int text = -1, DirtyRowKind reason = DirtyRowKind.None)
    {
        var row = new EventRow { Seconds = seconds, Account = account, Item = item };
        row.Meta = (text + 1) | (kind << KindShift) | (platform << PlatformShift) | ((int)reason << ReasonShift);
        if (value is { } v)
        {
            row.Value = v;
            row.Meta |= HasValueBit;
        }

        return row;
    }

    public void SetKind(int kind) => Meta = (Meta & ~(31 << KindShift)) | (kind << KindShift);

    public void SetText(int text) => Meta = (Meta & ~((1 << TextBits) - 1)) | (text + 1);

    public void SetReason(DirtyRowKind reason) => Meta = (Meta & ~(15 << ReasonShift)) | ((int)reason << ReasonShift);

    public void SetValue(float value)
    {
        Value = value;
        Meta |= HasValueBit;
    }
}

/// <summary>The read-only list view of a world's rows: builds each <see cref="InteractionEvent"/> when it is read.</summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
internal sealed class SyntheticEventList : IReadOnlyList<InteractionEvent>
{
    private readonly EventRow[] _rows;
    private readonly SyntheticWorldTables _tables;

    public SyntheticEventList(EventRow[] rows, SyntheticWorldTables tables)
    {
        _rows = rows;
        _tables = tables;
    }

    public int Count => _rows.Length;

    internal ReadOnlySpan<EventRow> Rows => _rows;

    public InteractionEvent this[int index]
    {
        get
        {
            ref readonly EventRow row = ref _rows[index];
            return _tables.ToEvent(in row);
        }
    }

    public IEnumerator<InteractionEvent> GetEnumerator()
    {
        for (int i = 0; i < _rows.Length; i++)
        {
            yield return _tables.ToEvent(in _rows[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>What rows point into: platforms, accounts, items, kinds and texts.</summary>
internal sealed class SyntheticWorldTables
{
    public required PlatformId[] Platforms { get; init; }

    public required AccountRecord[] Accounts { get; init; }

    public required Item[] Items { get; init; }

    public required EventKind[] Kinds { get; init; }

    public required string[] Texts { get; init; }

    public InteractionEvent ToEvent(in EventRow row)
    {
        AccountId account = row.Account >= 0 ? Accounts[row.Account].Account : EmptyId(row.Account);
        ItemId item = row.Item >= 0 ? Items[row.Item].Id : new ItemId(EmptyId(row.Item).Value);
        int text = row.Text;
        return new InteractionEvent(Platforms[row.Platform], account, item, Kinds[row.Kind], DateTimeOffset.FromUnixTimeSeconds(row.Seconds))
        {
            Value = row.HasValue ? row.Value : null,
            Text = text >= 0 ? Texts[text] : null,
        };
    }

    private static AccountId EmptyId(int code) => code switch
    {
        EventRow.EmptyString => new AccountId(string.Empty),
        EventRow.WhiteSpace => new AccountId("   "),
        _ => default,
    };
}
