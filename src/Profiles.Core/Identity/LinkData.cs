// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A stored link: two account indices (<c>First &lt; Second</c>), its rule, its packed comparison pattern and its weight.</summary>
internal readonly record struct LinkData(int First, int Second, LinkRule Rule, int Pattern, double Weight);
