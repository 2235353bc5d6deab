// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Text;

namespace Profiles.Core;

/// <summary>
/// Readable texts of the synthetic world from fixed templates and the topics' vocabularies: product titles and
/// descriptions, social posts, news headlines and ledes, reviews and comments, bot spam and oversized texts.
/// </summary>
/// <remarks>
/// Slots: <c>{w}</c> and <c>{v}</c> two different vocabulary words, <c>{n}</c> the same without a leading "the",
/// <c>{p}</c> a product in lower case, <c>{t}</c> the topic, <c>{c}</c> a city, <c>{k}</c> a number, <c>{y}</c> the year.
/// </remarks>
internal static class SyntheticText
{
    /// <summary>Gets the adjectives of product titles.</summary>
    public static readonly string[] ProductAdjectives =
    [
        "Lightweight", "Classic", "Premium", "Compact", "Essential", "Pro", "Everyday", "Ultra", "Heavy-Duty", "Eco-Friendly",
        "Deluxe", "Handcrafted", "Portable", "All-Weather", "Adjustable", "Minimalist", "Professional", "Beginner's", "Signature",
        "Durable",
    ];

    /// <summary>Gets the variants some product titles end with.</summary>
    public static readonly string[] ProductVariants =
    [
        "Black", "Navy", "Olive", "Charcoal", "Sand", "Set of 2", "2-Pack", "Large", "Medium", "Limited Edition", "Gift Box",
    ];

    /// <summary>Gets the first sentences of product descriptions.</summary>
    public static readonly string[] ProductPitches =
    [
        "Made for {w} and {v}.", "A favourite for {w}.", "Built for everyday {w}.", "Designed with {w} in mind.",
        "Great for {w}, {v} and more.", "Everything you need for {w}.", "Tested by fans of {w}.",
    ];

    /// <summary>Gets the second sentences of product descriptions.</summary>
    public static readonly string[] ProductFeatures =
    [
        "Free returns within 30 days.", "Ships in recyclable packaging.", "Backed by a two-year warranty.",
        "Available in several sizes.", "Rated highly by our customers.", "Easy to clean and store.",
        "Lightweight enough to take anywhere.", "Assembled by hand in small batches.",
    ];

    /// <summary>Gets social post templates.</summary>
    public static readonly string[] PostTemplates =
    [
        "Just tried {w} for the first time and loved it", "Anyone have tips for {w}?", "Can't stop thinking about {w} today",
        "Weekend plans: {w} and {v}", "Hot take: {w}? Underrated.", "Sharing my favourite {w} setup",
        "Finally got into {w} after months of putting it off", "This is what {w} looks like in {c}",
        "Thread: everything I learned about {w} this year", "Who else is obsessed with {w}?", "Morning well spent on {w}",
        "Unpopular opinion: I prefer {w} to {v}", "Three things nobody tells you about {w}", "Day 30 of {w} and still going",
    ];

    /// <summary>Gets news headline templates.</summary>
    public static readonly string[] HeadlineTemplates =
    [
        "{k} {n} Tips Experts Swear By", "Why Everyone Is Talking About {w}", "Inside the World of {w}",
        "{c} Hosts Its Biggest {t} Weekend Yet", "New Study Links {w} to {v}", "The Beginner's Guide to {w}",
        "What Everyone Gets Wrong About {w}", "{w} vs. {v}: Which Is Right for You?", "How {w} Changed {t} in {y}",
        "The Surprising History of {w}", "{t}: {k} Trends to Watch in {y}", "A Weekend of {w} in {c}", "{w}: Worth the Hype?",
        "Meet the People Reviving {w}", "Everything You Need to Know About {w}", "{c} Readers Share Their Favourite {n}",
    ];

    /// <summary>Gets news lede templates.</summary>
    public static readonly string[] LedeTemplates =
    [
        "{c}: {w} and {v} are reshaping {t}, and readers have noticed.", "From {w} to {v}, here is what changed in {t} this season.",
        "We asked readers about {w}. The answers surprised us.", "A closer look at {w}, and why it matters to anyone into {t}.",
        "Experts weigh in on {w}, {v} and what comes next.",
    ];

    /// <summary>Gets shop review templates by sentiment: negative, neutral, positive.</summary>
    public static readonly string[][] ReviewTemplates =
    [
        [
            "Disappointed. It fell apart after a week of {w}.", "Not as described, returning it.", "Too flimsy for {w}.",
            "The {p} arrived scratched and support never answered.", "Would not buy again; useless for {w}.",
            "Cheap materials. Expected more for {w}.",
        ],
        [
            "Does the job for {w}, nothing special.", "Decent {p}, but shipping took a while.",
            "Okay for the price. Still deciding how it does for {w}.", "Fine, though the {p} runs a bit small.",
            "Works as described. Instructions could be clearer.", "Average. Good enough for casual {w}.",
        ],
        [
            "Love it. Perfect for {w}.", "Great quality, exactly what I needed for {w}.", "Five stars. I use my {p} every day.",
            "Exceeded my expectations; ideal for {w} and {v}.", "Bought this for {w} and it did not disappoint.",
            "Best {p} I have owned so far.", "Gift for my sister, who is into {w}. She loves it!",
        ],
    ];

    /// <summary>Gets social comment templates.</summary>
    public static readonly string[] CommentTemplates =
    [
        "So true!", "Love this! Nothing beats {w}.", "Where was this taken?", "Need to try {w} soon.", "Great tip, thanks for sharing!",
        "Totally agree about {w}.", "This made my day 🙌", "Saving this for later.", "Any recommendations for {w}?",
        "Been there! {c} is amazing.", "Not sure about {w}, honestly.", "Same here, {w} changed my weekends.",
    ];

    /// <summary>Gets the comments bots post.</summary>
    public static readonly string[] SpamTexts =
    [
        "Check out my profile for FREE followers!!!", "Best deals here >>> promo-link.example/x7", "Earn $500/day from home, DM me",
        "Follow for follow?", "Great post! Visit my page for more", "🔥🔥🔥 link in bio", "Win a free phone, click the link now",
        "Crypto signals 100% guaranteed, message me",
    ];

    /// <summary>Fills a template's slots from a topic's words.</summary>
    public static string Fill(string template, SyntheticTaxonomy.TopicData topic, DeterministicRandom rng, string city, int year)
    {
        string[] vocab = topic.Vocabulary;
        int wi = rng.NextInt(vocab.Length);
        int vi = (wi + 1 + rng.NextInt(vocab.Length - 1)) % vocab.Length;
        string product = SyntheticPii.LowerTitle(topic.Products[rng.NextInt(topic.Products.Length)]);
        int number = rng.NextInt(3, 13);
        var sb = new StringBuilder(template.Length + 48);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 2 < template.Length && template[i + 2] == '}')
            {
                switch (template[i + 1])
                {
                    case 'w': sb.Append(vocab[wi]); break;
                    case 'v': sb.Append(vocab[vi]); break;
                    case 'n': sb.Append(SyntheticPii.NoArticle(vocab[wi])); break;
                    case 'p': sb.Append(product); break;
                    case 't': sb.Append(topic.Name); break;
                    case 'c': sb.Append(city); break;
                    case 'k': sb.Append(SyntheticPii.Invariant(number)); break;
                    case 'y': sb.Append(SyntheticPii.Invariant(year)); break;
                    default: sb.Append(template, i, 3); break;
                }

                i += 2;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns an oversized text of exactly <paramref name="length"/> characters: vocabulary words, repeated.</summary>
    public static string Oversized(int length, DeterministicRandom rng)
    {
        var sb = new StringBuilder(length + 32);
        while (sb.Length < length)
        {
            SyntheticTaxonomy.TopicData topic = SyntheticTaxonomy.Topics[rng.NextInt(SyntheticTaxonomy.Topics.Length)];
            sb.Append(topic.Vocabulary[rng.NextInt(topic.Vocabulary.Length)]).Append(rng.NextInt(8) == 0 ? ". " : " ");
        }

        sb.Length = length;
        return sb.ToString();
    }
}
