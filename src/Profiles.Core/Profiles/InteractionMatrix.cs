// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;

namespace Profiles.Core;

/// <summary>The sparse person x item matrix over all platforms' items in one index: the joint space that makes
/// profiles cross-platform (a person active on two platforms ties their items together).</summary>
/// <remarks>
/// <para>Rows are persons (from an <see cref="IdentityGraph"/>), columns are items (<see cref="ItemKey"/>: platform and
/// id), values are the sums of the events' faded signal weights (<see cref="SignalWeights.Weight"/>) per pair. Only
/// positive sums are stored, because implicit-feedback models read a value as a confidence; every pair with any event,
/// liked or not, is in <see cref="Seen"/> so recommenders can leave it out. <see cref="ByPerson"/> is row-major (CSR) and
/// <see cref="ByItem"/> its item-major transpose; each takes 8 bytes per non-zero plus 4 per row. When every seen pair has a
/// positive sum (no net dislikes), <see cref="Seen"/> shares its row pointers and column indices with <see cref="ByPerson"/>
/// and adds only its 4-byte values.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class InteractionMatrix
{
    private readonly PersonId[] _persons;
    private readonly ItemKey[] _items;
    private readonly Dictionary<PersonId, int> _personRows;
    private readonly Dictionary<ItemKey, int> _itemColumns;

    private InteractionMatrix(PersonId[] persons, Dictionary<PersonId, int> personRows, ItemKey[] items, Dictionary<ItemKey, int> itemColumns,
        SparseMatrix byPerson, SparseMatrix seen, long events, long unknownAccounts, long sharedBytes)
    {
        SharedBytes = sharedBytes;
        _persons = persons;
        _personRows = personRows;
        _items = items;
        _itemColumns = itemColumns;
        ByPerson = byPerson;
        ByItem = byPerson.Transpose();
        Seen = seen;
        EventCount = events;
        UnknownAccountEvents = unknownAccounts;
    }

    /// <summary>Gets the persons, in row order (the identity graph's person order).</summary>
    public IReadOnlyList<PersonId> Persons => _persons;

    /// <summary>Gets the items, in column order: the catalogue's items first (in catalogue order), then items that
    /// occur only in events (in order of first occurrence).</summary>
    public IReadOnlyList<ItemKey> Items => _items;

    /// <summary>Gets the persons x items matrix of positive summed weights, row-major.</summary>
    public SparseMatrix ByPerson { get; }

    /// <summary>Gets the items x persons transpose of <see cref="ByPerson"/>.</summary>
    public SparseMatrix ByItem { get; }

    /// <summary>Gets the persons x items pattern of every pair with at least one event (value: the number of events).</summary>
    public SparseMatrix Seen { get; }

    /// <summary>Gets the number of events the matrix was built from.</summary>
    public long EventCount { get; }

    /// <summary>Gets the number of events whose account is not in the identity graph; they are not in the matrix.</summary>
    public long UnknownAccountEvents { get; }

    /// <summary>Gets the bytes of the arrays <see cref="Seen"/> shares with <see cref="ByPerson"/> (counted in both sizes).</summary>
    internal long SharedBytes { get; }

    /// <summary>Returns the row of <paramref name="person"/>.</summary>
    /// <param name="person">The person.</param>
    /// <param name="row">The row, when found.</param>
    /// <returns><see langword="true"/> when the person has a row.</returns>
    public bool TryGetRow(PersonId person, out int row) => _personRows.TryGetValue(person, out row);

    /// <summary>Returns the column of <paramref name="item"/>.</summary>
    /// <param name="item">The item.</param>
    /// <param name="column">The column, when found.</param>
    /// <returns><see langword="true"/> when the item has a column.</returns>
    public bool TryGetColumn(ItemKey item, out int column) => _itemColumns.TryGetValue(item, out column);

    /// <summary>Builds the matrix.</summary>
    /// <param name="events">Cleaned events.</param>
    /// <param name="identities">Maps accounts to persons.</param>
    /// <param name="weights">Turns events into weights; <see langword="null"/> for <see cref="SignalWeights.Default"/>.</param>
    /// <param name="asOf">The time the weights are faded to, usually the end of the training window.</param>
    /// <param name="catalog">Items to index even if nobody touched them (so they can be recommended through
    /// their text); <see langword="null"/> for only the items in events.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="identities"/> is <see langword="null"/>.</exception>
    /// <remarks><para>The build takes one account lookup and one item lookup per event and one stable sort of the
    /// (person, item) pairs, shared by <see cref="ByPerson"/> and <see cref="Seen"/>; when every pair's summed weight is
    /// positive the two matrices share their row pointers and column indices.</para></remarks>
    public static InteractionMatrix Build(IReadOnlyList<InteractionEvent> events, IdentityGraph identities, SignalWeights? weights,
        DateTimeOffset asOf, ItemCatalog? catalog = null, CancellationToken cancellationToken = default) =>
        Build(events, identities, weights, asOf, catalog, eventRows: null, cancellationToken);

    /// <summary>Builds the matrix and, when <paramref name="eventRows"/> is given, stores each event's row in it (-1 for an
    /// unknown account), so callers need not look the accounts up again.</summary>
    internal static InteractionMatrix Build(IReadOnlyList<InteractionEvent> events, IdentityGraph identities, SignalWeights? weights,
        DateTimeOffset asOf, ItemCatalog? catalog, int[]? eventRows, CancellationToken cancellationToken)
    {
        Throw.IfNull(events);
        Throw.IfNull(identities);
        weights ??= SignalWeights.Default;

        IReadOnlyList<PersonId> personList = identities.Persons;
        var persons = new PersonId[personList.Count];
        var personRows = new Dictionary<PersonId, int>(persons.Length);
        for (int i = 0; i < persons.Length; i++)
        {
            persons[i] = personList[i];
            personRows.Add(persons[i], i);
        }

        // One lookup per event: accounts map straight to rows (accounts are far fewer than events).
        IReadOnlyList<AccountKey> accounts = identities.Accounts;
        var accountRows = new Dictionary<AccountKey, int>(accounts.Count);
        for (int a = 0; a < accounts.Count; a++)
        {
            AccountKey account = accounts[a];
            if (identities.TryGetPerson(account.Platform, account.Account, out PersonId person) && personRows.TryGetValue(person, out int row))
            {
                accountRows[account] = row;
            }
        }

        var itemColumns = new Dictionary<ItemKey, int>(catalog?.Count ?? 1024);
        var items = new List<ItemKey>(catalog?.Count ?? 1024);
        if (catalog is not null)
        {
            foreach (Item item in catalog)
            {
                var key = new ItemKey(item.Platform, item.Id);
                if (itemColumns.TryAdd(key, items.Count))
                {
                    items.Add(key);
                }
            }
        }

        int n = events.Count;
        int[] rows = new int[n];
        int[] columns = new int[n];
        float[] values = new float[n];
        int kept = 0;
        long unknown = 0;
        var lastAccount = default(AccountKey);
        int lastRow = -1;
        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            InteractionEvent e = events[i];
            int row;
            if (lastRow >= 0 && e.Platform == lastAccount.Platform && e.Account == lastAccount.Account)
            {
                row = lastRow;
            }
            else
            {
                var account = new AccountKey(e.Platform, e.Account);
                if (!accountRows.TryGetValue(account, out row))
                {
                    unknown++;
                    if (eventRows is not null)
                    {
                        eventRows[i] = -1;
                    }

                    continue;
                }

                lastAccount = account;
                lastRow = row;
            }

            var itemKey = new ItemKey(e.Platform, e.Item);
            if (!itemColumns.TryGetValue(itemKey, out int column))
            {
                column = items.Count;
                itemColumns.Add(itemKey, column);
                items.Add(itemKey);
            }

            // Finite by construction: strengths are clamped to +-MaxStrength and decays lie in (0, 1].
            float weight = weights.Weight(in e, asOf);
            if (eventRows is not null)
            {
                eventRows[i] = row;
            }

            rows[kept] = row;
            columns[kept] = column;
            values[kept] = weight;
            kept++;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Assemble(persons, personRows, [.. items], itemColumns, rows, columns, values, kept, unknown);
    }

    /// <summary>Sorts the first <paramref name="count"/> triplets by (row, column) once (stable, so repeated pairs are summed
    /// in event order) and derives both the summed weights and the event counts from that one order.</summary>
    private static InteractionMatrix Assemble(PersonId[] persons, Dictionary<PersonId, int> personRows, ItemKey[] items, Dictionary<ItemKey, int> itemColumns,
        int[] rows, int[] columns, float[] values, int count, long unknown)
    {
        int rowCount = persons.Length;
        int columnCount = items.Length;

        // Pass 1: stable counting sort by column.
        var next = new int[Math.Max(rowCount, columnCount) + 1];
        for (int t = 0; t < count; t++)
        {
            next[columns[t] + 1]++;
        }

        for (int c = 0; c < columnCount; c++)
        {
            next[c + 1] += next[c];
        }

        int[] order = new int[count];
        for (int t = 0; t < count; t++)
        {
            order[next[columns[t]]++] = t;
        }

        // Pass 2: stable counting sort by row; each row's entries come out in column order, ties in event order.
        int[] pointers = new int[rowCount + 1];
        for (int t = 0; t < count; t++)
        {
            pointers[rows[t] + 1]++;
        }

        for (int r = 0; r < rowCount; r++)
        {
            pointers[r + 1] += pointers[r];
        }

        Array.Copy(pointers, next, rowCount);
        int[] sortedColumns = new int[count];
        float[] sortedValues = new float[count];
        foreach (int t in order)
        {
            int slot = next[rows[t]]++;
            sortedColumns[slot] = columns[t];
            sortedValues[slot] = values[t];
        }

        // Pass 3: merge repeated pairs in place; the event counts go into the no longer needed order array.
        int[] eventCounts = order;
        int write = 0, positive = 0;
        for (int r = 0; r < rowCount; r++)
        {
            int start = pointers[r];
            int end = pointers[r + 1];
            pointers[r] = write;
            for (int p = start; p < end; p++)
            {
                if (p > start && sortedColumns[p] == sortedColumns[write - 1])
                {
                    sortedValues[write - 1] += sortedValues[p];
                    eventCounts[write - 1]++;
                }
                else
                {
                    sortedColumns[write] = sortedColumns[p];
                    sortedValues[write] = sortedValues[p];
                    eventCounts[write] = 1;
                    write++;
                }
            }
        }

        pointers[rowCount] = write;
        int[] seenColumns = sortedColumns.AsSpan(0, write).ToArray();
        float[] seenValues = new float[write];
        float[] sums = new float[write];
        for (int p = 0; p < write; p++)
        {
            seenValues[p] = eventCounts[p];
            sums[p] = sortedValues[p];
            if (sortedValues[p] > 0f)
            {
                positive++;
            }
        }

        var seen = new SparseMatrix(rowCount, columnCount, pointers, seenColumns, seenValues);
        if (positive == write)
        {
            // Every pair is liked: the weights share the seen pattern's row pointers and columns.
            var shared = new SparseMatrix(rowCount, columnCount, pointers, seenColumns, sums);
            long sharedBytes = (4L * write) + (4L * pointers.Length);
            return new InteractionMatrix(persons, personRows, items, itemColumns, shared, seen, count, unknown, sharedBytes);
        }

        return new InteractionMatrix(persons, personRows, items, itemColumns, PositivePart(new SparseMatrix(rowCount, columnCount, pointers, seenColumns, sums)),
            seen, count, unknown, 0);
    }

    /// <summary>
    /// Returns the matrix without row <paramref name="row"/>: the other rows keep their entries and relative order, and
    /// <see cref="EventCount"/> drops by <paramref name="removedEvents"/>. The columns stay, except those the removed
    /// row alone had seen that are not in <paramref name="catalog"/> (items known only from that person's events): they
    /// are dropped, the later columns move down, and <paramref name="keptColumns"/> receives the old column of every new one.
    /// </summary>
    internal InteractionMatrix WithoutRow(int row, long removedEvents, ItemCatalog catalog, out int[] keptColumns)
    {
        var persons = new PersonId[_persons.Length - 1];
        var personRows = new Dictionary<PersonId, int>(persons.Length);
        for (int r = 0, to = 0; r < _persons.Length; r++)
        {
            if (r != row)
            {
                persons[to] = _persons[r];
                personRows.Add(_persons[r], to);
                to++;
            }
        }

        SparseMatrix byPerson = RemoveRow(ByPerson, row);
        SparseMatrix seen = RemoveRow(Seen, row);

        // Columns to drop: seen by the removed row, by no other row, and not catalogued.
        var seenByOthers = new bool[_items.Length];
        foreach (int column in seen.ColumnIndices)
        {
            seenByOthers[column] = true;
        }

        int[] map = new int[_items.Length];
        bool dropAny = false;
        foreach (int column in Seen.RowColumns(row))
        {
            if (!seenByOthers[column] && !catalog.TryGet(_items[column].Platform, _items[column].Item, out _))
            {
                map[column] = -1;
                dropAny = true;
            }
        }

        var items = new List<ItemKey>(_items.Length);
        var itemColumns = new Dictionary<ItemKey, int>(_items.Length);
        var kept = new List<int>(_items.Length);
        for (int column = 0; column < _items.Length; column++)
        {
            if (map[column] >= 0)
            {
                map[column] = items.Count;
                itemColumns.Add(_items[column], items.Count);
                items.Add(_items[column]);
                kept.Add(column);
            }
        }

        keptColumns = [.. kept];
        if (dropAny)
        {
            byPerson = RemapColumns(byPerson, map, items.Count);
            seen = RemapColumns(seen, map, items.Count);
        }

        return new InteractionMatrix(persons, personRows, [.. items], itemColumns, byPerson, seen, EventCount - removedEvents, UnknownAccountEvents, sharedBytes: 0);
    }

    /// <summary>Renumbers the columns of <paramref name="matrix"/> by the increasing <paramref name="map"/> (no entry is in a dropped column).</summary>
    private static SparseMatrix RemapColumns(SparseMatrix matrix, int[] map, int columns)
    {
        int[] indices = matrix.ColumnIndices.ToArray();
        for (int p = 0; p < indices.Length; p++)
        {
            indices[p] = map[indices[p]];
        }

        return new SparseMatrix(matrix.Rows, columns, matrix.RowPointers.ToArray(), indices, matrix.Values.ToArray());
    }

    /// <summary>Copies <paramref name="matrix"/> without <paramref name="row"/>.</summary>
    private static SparseMatrix RemoveRow(SparseMatrix matrix, int row)
    {
        ReadOnlySpan<int> pointers = matrix.RowPointers;
        int start = pointers[row];
        int removed = pointers[row + 1] - start;
        var newPointers = new int[matrix.Rows];
        for (int r = 0; r < row; r++)
        {
            newPointers[r + 1] = pointers[r + 1];
        }

        for (int r = row + 1; r < matrix.Rows; r++)
        {
            newPointers[r] = pointers[r + 1] - removed;
        }

        var columns = new int[matrix.NonZeroCount - removed];
        var values = new float[columns.Length];
        matrix.ColumnIndices[..start].CopyTo(columns);
        matrix.ColumnIndices[(start + removed)..].CopyTo(columns.AsSpan(start));
        matrix.Values[..start].CopyTo(values);
        matrix.Values[(start + removed)..].CopyTo(values.AsSpan(start));
        return new SparseMatrix(matrix.Rows - 1, matrix.Columns, newPointers, columns, values);
    }

    /// <summary>Keeps the strictly positive entries of <paramref name="matrix"/>.</summary>
    private static SparseMatrix PositivePart(SparseMatrix matrix)
    {
        ReadOnlySpan<int> pointers = matrix.RowPointers;
        ReadOnlySpan<int> columns = matrix.ColumnIndices;
        ReadOnlySpan<float> values = matrix.Values;
        int[] newPointers = new int[matrix.Rows + 1];
        var newColumns = new int[matrix.NonZeroCount];
        var newValues = new float[matrix.NonZeroCount];
        int k = 0;
        for (int r = 0; r < matrix.Rows; r++)
        {
            for (int p = pointers[r]; p < pointers[r + 1]; p++)
            {
                if (values[p] > 0f)
                {
                    newColumns[k] = columns[p];
                    newValues[k] = values[p];
                    k++;
                }
            }

            newPointers[r + 1] = k;
        }

        return SparseMatrix.FromCsr(matrix.Rows, matrix.Columns, newPointers, newColumns.AsSpan(0, k), newValues.AsSpan(0, k));
    }
}
