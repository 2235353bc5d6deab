// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>
/// The result of identity resolution: which person each account belongs to, the links that joined them with their
/// evidence, the salted hashes of the accounts' keys, the estimated model and a report.
/// </summary>
/// <remarks>
/// <para>
/// The graph holds no raw or normalised personal data: accounts are named by their <see cref="AccountKey"/>, and
/// e-mail, phone and device ids only as salted SHA-256 hashes (<see cref="GetHashes"/>). Names, birth years and
/// cities are used during resolution only; what remains of them is the comparison level of each link's fields.
/// </para>
/// <para>
/// The graph keeps every deterministic link and every probabilistic link at or above the match threshold. Manual edits
/// (<see cref="Split"/>, <see cref="Merge"/>) add a constraint and join the stored links again with union-find:
/// manual must-links first, then deterministic links, then probabilistic links from the highest weight down, each
/// skipped when it would put two accounts of a cannot-link constraint into one person (and a probabilistic link also
/// when, under <see cref="IdentityResolverOptions.OneAccountPerPlatform"/>, both sides hold an account on one
/// platform). Edits keep the <see cref="PersonId"/> of every person they leave whole.
/// </para>
/// <para>
/// Instances are immutable and thread-safe: <see cref="Split"/>, <see cref="Merge"/> and <see cref="Forget"/> return a
/// new graph and leave this one unchanged. After <see cref="Forget"/>, drop every reference to the old graph so that
/// what it held of the person can be collected.
/// </para>
/// </remarks>
public sealed class IdentityGraph
{
    private readonly AccountKey[] _accounts;
    private readonly Dictionary<AccountKey, int> _index;
    private readonly int[] _personOf;
    private readonly PersonId[] _persons;
    private readonly int[] _personPosition;
    private readonly int[] _memberStart;
    private readonly int[] _members;
    private readonly LinkData[] _links;
    private readonly int[] _adjacencyStart;
    private readonly int[] _adjacency;
    private readonly (int First, int Second)[] _mustLinks;
    private readonly (int First, int Second)[] _cannotLinks;
    private readonly KeyHash[] _emailHashes;
    private readonly KeyHash[] _phoneHashes;
    private readonly int[] _deviceStart;
    private readonly KeyHash[] _deviceHashes;
    private readonly int _nextPersonId;
    private readonly int[]? _platformOf;

    private IdentityGraph(
        AccountKey[] accounts, Dictionary<AccountKey, int> index, int[] personOf, int nextPersonId, LinkData[] links,
        (int, int)[] mustLinks, (int, int)[] cannotLinks, KeyHash[] emailHashes, KeyHash[] phoneHashes, int[] deviceStart,
        KeyHash[] deviceHashes, FellegiSunterModel model, IdentityResolutionReport report, double matchThreshold, int[]? platformOf)
    {
        _accounts = accounts;
        _platformOf = platformOf;
        _index = index;
        _personOf = personOf;
        _nextPersonId = nextPersonId;
        _links = links;
        _mustLinks = mustLinks;
        _cannotLinks = cannotLinks;
        _emailHashes = emailHashes;
        _phoneHashes = phoneHashes;
        _deviceStart = deviceStart;
        _deviceHashes = deviceHashes;
        Model = model;
        Report = report;
        MatchThreshold = matchThreshold;

        // Persons in ascending id order, each with its accounts in input order (a counting sort by id).
        var countById = new int[nextPersonId];
        foreach (int id in personOf)
        {
            countById[id]++;
        }

        _personPosition = new int[nextPersonId];
        int persons = 0;
        for (int id = 0; id < nextPersonId; id++)
        {
            _personPosition[id] = countById[id] > 0 ? persons++ : -1;
        }

        _persons = new PersonId[persons];
        _memberStart = new int[persons + 1];
        for (int id = 0; id < nextPersonId; id++)
        {
            int position = _personPosition[id];
            if (position >= 0)
            {
                _persons[position] = new PersonId(id);
                _memberStart[position + 1] = _memberStart[position] + countById[id];
            }
        }

        _members = new int[accounts.Length];
        var fill = new int[persons];
        for (int a = 0; a < accounts.Length; a++)
        {
            int position = _personPosition[personOf[a]];
            _members[_memberStart[position] + fill[position]++] = a;
        }

        // Links by account: the adjacency that Explain and ExplainLink walk.
        _adjacencyStart = new int[accounts.Length + 1];
        foreach (LinkData link in links)
        {
            _adjacencyStart[link.First + 1]++;
            _adjacencyStart[link.Second + 1]++;
        }

        for (int a = 0; a < accounts.Length; a++)
        {
            _adjacencyStart[a + 1] += _adjacencyStart[a];
        }

        _adjacency = new int[links.Length * 2];
        var next = new int[accounts.Length];
        for (int l = 0; l < links.Length; l++)
        {
            _adjacency[_adjacencyStart[links[l].First] + next[links[l].First]++] = l;
            _adjacency[_adjacencyStart[links[l].Second] + next[links[l].Second]++] = l;
        }
    }

    /// <summary>Gets the number of accounts.</summary>
    public int AccountCount => _accounts.Length;

    /// <summary>Gets the number of persons.</summary>
    public int PersonCount => _persons.Length;

    /// <summary>Gets the number of stored links (deterministic, and probabilistic at or above the threshold); manual links not included.</summary>
    public int LinkCount => _links.Length;

    /// <summary>Gets the accounts, in the resolver's input order.</summary>
    public IReadOnlyList<AccountKey> Accounts => Array.AsReadOnly(_accounts);

    /// <summary>Gets the persons, in ascending id order.</summary>
    public IReadOnlyList<PersonId> Persons => Array.AsReadOnly(_persons);

    /// <summary>Gets the estimated Fellegi–Sunter model.</summary>
    public FellegiSunterModel Model { get; }

    /// <summary>Gets the report of the resolution that built the graph (edits do not change it).</summary>
    public IdentityResolutionReport Report { get; }

    /// <summary>Gets the match weight threshold the probabilistic links were accepted at: <see cref="IdentityResolverOptions.MatchThreshold"/>, or the one derived from the data.</summary>
    public double MatchThreshold { get; }

    /// <summary>Looks up the person an account belongs to.</summary>
    /// <param name="platform">The account's platform.</param>
    /// <param name="account">The account's id.</param>
    /// <param name="person">The person, when found.</param>
    /// <returns><see langword="true"/> when the graph holds the account.</returns>
    public bool TryGetPerson(PlatformId platform, AccountId account, out PersonId person)
    {
        if (_index.TryGetValue(new AccountKey(platform, account), out int index))
        {
            person = new PersonId(_personOf[index]);
            return true;
        }

        person = default;
        return false;
    }

    /// <summary>Gets the person an account belongs to.</summary>
    /// <param name="platform">The account's platform.</param>
    /// <param name="account">The account's id.</param>
    /// <returns>The person.</returns>
    /// <exception cref="ArgumentException">The graph does not hold the account.</exception>
    public PersonId PersonOf(PlatformId platform, AccountId account) =>
        new(_personOf[IndexOf(new AccountKey(platform, account), nameof(account))]);

    /// <summary>Gets the accounts of a person, in the resolver's input order.</summary>
    /// <param name="person">The person.</param>
    /// <returns>The accounts.</returns>
    /// <exception cref="ArgumentException">The graph does not hold <paramref name="person"/>.</exception>
    public IReadOnlyList<AccountKey> AccountsOf(PersonId person)
    {
        int position = PositionOf(person, nameof(person));
        var accounts = new AccountKey[_memberStart[position + 1] - _memberStart[position]];
        for (int i = 0; i < accounts.Length; i++)
        {
            accounts[i] = _accounts[_members[_memberStart[position] + i]];
        }

        return accounts;
    }

    /// <summary>Gets the salted hashes kept for an account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The hashes.</returns>
    /// <exception cref="ArgumentException">The graph does not hold <paramref name="account"/>.</exception>
    public AccountHashes GetHashes(AccountKey account)
    {
        int index = IndexOf(account, nameof(account));
        var devices = new string[_deviceStart[index + 1] - _deviceStart[index]];
        for (int i = 0; i < devices.Length; i++)
        {
            devices[i] = _deviceHashes[_deviceStart[index] + i].ToHex();
        }

        return new AccountHashes(HexOrNull(_emailHashes[index]), HexOrNull(_phoneHashes[index]), devices);
    }

    /// <summary>Lists the links that hold a person together: every stored or manual link between two of its accounts.</summary>
    /// <param name="person">The person.</param>
    /// <returns>The links, ordered by the input position of their first and then their second account.</returns>
    /// <exception cref="ArgumentException">The graph does not hold <paramref name="person"/>.</exception>
    public IReadOnlyList<IdentityLink> Explain(PersonId person)
    {
        int position = PositionOf(person, nameof(person));
        var found = new List<(int First, int Second, int Link)>();
        for (int m = _memberStart[position]; m < _memberStart[position + 1]; m++)
        {
            int a = _members[m];
            for (int k = _adjacencyStart[a]; k < _adjacencyStart[a + 1]; k++)
            {
                LinkData link = _links[_adjacency[k]];
                if (link.First == a && _personOf[link.Second] == person.Value)
                {
                    found.Add((link.First, link.Second, _adjacency[k]));
                }
            }
        }

        foreach ((int first, int second) in _mustLinks)
        {
            if (_personOf[first] == person.Value && _personOf[second] == person.Value)
            {
                found.Add((first, second, -1));
            }
        }

        found.Sort();
        var links = new IdentityLink[found.Count];
        for (int i = 0; i < links.Length; i++)
        {
            links[i] = found[i].Link >= 0 ? ToLink(_links[found[i].Link]) : ManualLink(found[i].First, found[i].Second);
        }

        return links;
    }

    /// <summary>Explains why two accounts belong to one person: the shortest chain of links from the first to the second.</summary>
    /// <param name="first">The account the chain starts at.</param>
    /// <param name="second">The account the chain ends at.</param>
    /// <returns>
    /// The links in chain order (each shares an account with the next); empty when the accounts belong to different
    /// persons or are the same account.
    /// </returns>
    /// <exception cref="ArgumentException">The graph does not hold <paramref name="first"/> or <paramref name="second"/>.</exception>
    public IReadOnlyList<IdentityLink> ExplainLink(AccountKey first, AccountKey second)
    {
        int source = IndexOf(first, nameof(first));
        int target = IndexOf(second, nameof(second));
        int person = _personOf[source];
        if (source == target || _personOf[target] != person)
        {
            return Array.Empty<IdentityLink>();
        }

        // Breadth-first search over the person's links; a manual link is encoded as -(index + 1).
        var previous = new Dictionary<int, (int From, int Link)> { [source] = (-1, 0) };
        var queue = new Queue<int>();
        queue.Enqueue(source);
        while (queue.Count > 0 && !previous.ContainsKey(target))
        {
            int a = queue.Dequeue();
            for (int k = _adjacencyStart[a]; k < _adjacencyStart[a + 1]; k++)
            {
                LinkData link = _links[_adjacency[k]];
                int b = link.First == a ? link.Second : link.First;
                if (_personOf[b] == person && previous.TryAdd(b, (a, _adjacency[k])))
                {
                    queue.Enqueue(b);
                }
            }

            for (int i = 0; i < _mustLinks.Length; i++)
            {
                (int x, int y) = _mustLinks[i];
                int b = x == a ? y : y == a ? x : -1;
                if (b >= 0 && _personOf[b] == person && previous.TryAdd(b, (a, -(i + 1))))
                {
                    queue.Enqueue(b);
                }
            }
        }

        var chain = new List<IdentityLink>();
        for (int at = target; at != source;)
        {
            (int from, int link) = previous[at];
            chain.Add(link >= 0 ? ToLink(_links[link]) : ManualLink(_mustLinks[-link - 1].First, _mustLinks[-link - 1].Second));
            at = from;
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>Forces two accounts into different persons (a cannot-link) and joins the stored links again.</summary>
    /// <param name="first">One account.</param>
    /// <param name="second">The other account.</param>
    /// <returns>
    /// A new graph in which the accounts belong to different persons. A person that had both is cut along its
    /// weakest links: links join accounts from the strongest down, and a link that would reunite the two is skipped.
    /// The part with the person's first account keeps its id; the other part gets a new one.
    /// </returns>
    /// <exception cref="ArgumentException">The graph does not hold an account, or they are the same account.</exception>
    public IdentityGraph Split(AccountKey first, AccountKey second)
    {
        (int a, int b) = OrderedPair(first, second);
        var must = new List<(int, int)>(_mustLinks.Length);
        foreach ((int x, int y) in _mustLinks)
        {
            if ((x, y) != (a, b))
            {
                must.Add((x, y));
            }
        }

        var cannot = new List<(int, int)>(_cannotLinks);
        if (!cannot.Contains((a, b)))
        {
            cannot.Add((a, b));
        }

        return Recluster(must.ToArray(), cannot.ToArray());
    }

    /// <summary>Forces two accounts into one person (a must-link) and joins the stored links again.</summary>
    /// <param name="first">One account.</param>
    /// <param name="second">The other account.</param>
    /// <returns>
    /// A new graph in which the two accounts' persons are one. Cannot-links between the two persons' accounts are
    /// dropped (the merge overrides them). The merged person keeps the lower of the two ids.
    /// </returns>
    /// <exception cref="ArgumentException">The graph does not hold an account, or they are the same account.</exception>
    public IdentityGraph Merge(AccountKey first, AccountKey second)
    {
        (int a, int b) = OrderedPair(first, second);
        int personA = _personOf[a];
        int personB = _personOf[b];
        var cannot = new List<(int, int)>(_cannotLinks.Length);
        foreach ((int x, int y) in _cannotLinks)
        {
            bool across = (_personOf[x] == personA && _personOf[y] == personB) || (_personOf[x] == personB && _personOf[y] == personA);
            if (!across)
            {
                cannot.Add((x, y));
            }
        }

        var must = new List<(int, int)>(_mustLinks);
        if (!must.Contains((a, b)))
        {
            must.Add((a, b));
        }

        return Recluster(must.ToArray(), cannot.ToArray());
    }

    /// <summary>Removes a person: its accounts, every link and manual constraint touching them, and their hashes.</summary>
    /// <param name="person">The person to forget.</param>
    /// <returns>A new graph without the person; every other person keeps its id and its accounts.</returns>
    /// <exception cref="ArgumentException">The graph does not hold <paramref name="person"/>.</exception>
    public IdentityGraph Forget(PersonId person)
    {
        _ = PositionOf(person, nameof(person));
        var map = new int[_accounts.Length];
        int kept = 0;
        for (int a = 0; a < _accounts.Length; a++)
        {
            map[a] = _personOf[a] == person.Value ? -1 : kept++;
        }

        var accounts = new AccountKey[kept];
        var index = new Dictionary<AccountKey, int>(kept);
        var personOf = new int[kept];
        var email = new KeyHash[kept];
        var phone = new KeyHash[kept];
        var deviceStart = new int[kept + 1];
        var devices = new List<KeyHash>(_deviceHashes.Length);
        for (int a = 0; a < _accounts.Length; a++)
        {
            int to = map[a];
            if (to < 0)
            {
                continue;
            }

            accounts[to] = _accounts[a];
            index.Add(_accounts[a], to);
            personOf[to] = _personOf[a];
            email[to] = _emailHashes[a];
            phone[to] = _phoneHashes[a];
            for (int d = _deviceStart[a]; d < _deviceStart[a + 1]; d++)
            {
                devices.Add(_deviceHashes[d]);
            }

            deviceStart[to + 1] = devices.Count;
        }

        var links = new List<LinkData>(_links.Length);
        foreach (LinkData link in _links)
        {
            if (map[link.First] >= 0 && map[link.Second] >= 0)
            {
                links.Add(link with { First = map[link.First], Second = map[link.Second] });
            }
        }

        return new IdentityGraph(
            accounts, index, personOf, _nextPersonId, links.ToArray(), Remap(_mustLinks, map), Remap(_cannotLinks, map),
            email, phone, deviceStart, devices.ToArray(), Model, Report, MatchThreshold, _platformOf is null ? null : PlatformIndices(accounts));
    }

    /// <summary>Builds the graph of a resolution: joins the links into persons and numbers them by their first account.</summary>
    internal static IdentityGraph Create(
        AccountKey[] accounts, Dictionary<AccountKey, int> index, LinkData[] links, KeyHash[] emailHashes, KeyHash[] phoneHashes,
        int[] deviceStart, KeyHash[] deviceHashes, FellegiSunterModel model, Func<int, IdentityResolutionReport> report,
        double matchThreshold, bool oneAccountPerPlatform)
    {
        int[]? platformOf = oneAccountPerPlatform ? PlatformIndices(accounts) : null;
        int[] personOf = PersonClustering.Cluster(accounts.Length, links, [], [], platformOf, null, 0, out int nextPersonId);
        return new IdentityGraph(
            accounts, index, personOf, nextPersonId, links, [], [], emailHashes, phoneHashes, deviceStart, deviceHashes, model,
            report(nextPersonId), matchThreshold, platformOf);
    }

    /// <summary>Numbers the distinct platforms in order of first appearance.</summary>
    internal static int[] PlatformIndices(AccountKey[] accounts)
    {
        var ids = new Dictionary<PlatformId, int>();
        var platformOf = new int[accounts.Length];
        for (int a = 0; a < accounts.Length; a++)
        {
            if (!ids.TryGetValue(accounts[a].Platform, out int id))
            {
                id = ids.Count;
                ids.Add(accounts[a].Platform, id);
            }

            platformOf[a] = id;
        }

        return platformOf;
    }

    private static (int, int)[] Remap((int First, int Second)[] pairs, int[] map)
    {
        var kept = new List<(int, int)>(pairs.Length);
        foreach ((int x, int y) in pairs)
        {
            if (map[x] >= 0 && map[y] >= 0)
            {
                kept.Add((map[x], map[y]));
            }
        }

        return kept.ToArray();
    }

    private static string? HexOrNull(KeyHash hash) => hash == default ? null : hash.ToHex();

    private IdentityGraph Recluster((int, int)[] mustLinks, (int, int)[] cannotLinks)
    {
        int[] personOf = PersonClustering.Cluster(
            _accounts.Length, _links, mustLinks, cannotLinks, _platformOf, _personOf, _nextPersonId, out int nextPersonId);
        return new IdentityGraph(
            _accounts, _index, personOf, nextPersonId, _links, mustLinks, cannotLinks, _emailHashes, _phoneHashes,
            _deviceStart, _deviceHashes, Model, Report, MatchThreshold, _platformOf);
    }

    private (int, int) OrderedPair(AccountKey first, AccountKey second)
    {
        int a = IndexOf(first, nameof(first));
        int b = IndexOf(second, nameof(second));
        if (a == b)
        {
            Throw.Argument(nameof(second), $"The two accounts are the same account ({first}).");
        }

        return a < b ? (a, b) : (b, a);
    }

    private int IndexOf(AccountKey account, string paramName)
    {
        if (!_index.TryGetValue(account, out int index))
        {
            Throw.Argument(paramName, $"The graph holds no account {account}.");
        }

        return index;
    }

    private int PositionOf(PersonId person, string paramName)
    {
        int position = (uint)person.Value < (uint)_personPosition.Length ? _personPosition[person.Value] : -1;
        if (position < 0)
        {
            Throw.Argument(paramName, $"The graph holds no person {person}.");
        }

        return position;
    }

    private IdentityLink ToLink(LinkData link) =>
        new(_accounts[link.First], _accounts[link.Second], link.Rule, link.Weight, Model.Evidence(link.Pattern));

    private IdentityLink ManualLink(int first, int second) =>
        new(_accounts[first], _accounts[second], LinkRule.Manual, double.PositiveInfinity, Array.Empty<FieldEvidence>());
}
