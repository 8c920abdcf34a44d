using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Keyset paging under concurrent change, for sorted searches: between page fetches resources are
/// added just before the page's position (offset paging would then repeat a row) and just after
/// the last one, and a seen and an unseen resource are deleted (offset paging would then skip a
/// row). The pages must neither repeat nor skip, and must stay in the requested order, which the
/// test computes itself from the values it wrote.
/// </summary>
public sealed partial class CursorPagingTests
{
    private const string TagSystem = "http://acme.org/paging";

    public static TheoryData<DatabaseKind, string> Orders
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var sort in new[] { "value-quantity", "-value-quantity", "date", "-date", "value-string", "-value-string", "code,-date", "-code,value-quantity,-_id" })
                {
                    data.Add(kind, sort);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async System.Threading.Tasks.Task Sorted_pages_neither_repeat_nor_skip_while_resources_are_added_and_deleted(DatabaseKind kind, string sort)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var written = new Dictionary<string, Item>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        Item[] initial =
        [
            new($"{tag}-01", "b", 5, 5m, null),
            new($"{tag}-02", "a", 3, null, "kiwi"),
            new($"{tag}-03", "c", null, 7m, null),
            new($"{tag}-04", "b", 9, 1m, null),
            new($"{tag}-05", "a", 1, null, "apple"),
            new($"{tag}-06", "c", 7, null, null),
            new($"{tag}-07", "b", null, 3m, null),
            new($"{tag}-08", "a", 4, 9m, null),
            new($"{tag}-09", "c", 2, null, "mango"),
        ];
        foreach (var item in initial)
        {
            await PutAsync(client, item, tag, written, live);
        }

        var order = new ItemOrder(sort);
        var seen = new List<string>();
        var addedBefore = new List<string>();
        var addedAfter = new List<string>();
        var deletedUnseen = new List<string>();
        var url = $"/fhir/Observation?_tag={TagSystem}|{tag}&_sort={sort}&_count=2";
        for (var round = 0; url is not null; round++)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var page = await response.ReadAsync<Bundle>();
            seen.AddRange(page.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!));
            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
            if (url is null || round >= 2)
            {
                continue;
            }

            // Just before the position: the values of the last row seen, with an id that sorts before it.
            var before = Beside(written[seen[^1]], tag, round, order, sortsBefore: true);
            await PutAsync(client, before, tag, written, live);
            addedBefore.Add(before.Id);

            var remaining = live.Select(id => written[id]).Where(i => !seen.Contains(i.Id) && !addedBefore.Contains(i.Id)).Order(order).ToList();
            var unseen = remaining[remaining.Count / 2];
            await DeleteAsync(client, unseen.Id, live);
            deletedUnseen.Add(unseen.Id);

            // Just after the last row still to come: its values with an id that sorts after it.
            var after = Beside(remaining.Last(i => i.Id != unseen.Id), tag, round, order, sortsBefore: false);
            await PutAsync(client, after, tag, written, live);
            addedAfter.Add(after.Id);

            await DeleteAsync(client, seen.First(live.Contains), live);
        }

        seen.ShouldBe(seen.Distinct().ToList(), $"a row was repeated ({sort})");
        var expected = initial.Select(i => i.Id).Except(deletedUnseen).Concat(addedAfter).Order(StringComparer.Ordinal);
        seen.Order(StringComparer.Ordinal).ShouldBe(expected, $"a row was skipped or a stale one shown ({sort})");
        seen.ShouldNotContain(id => addedBefore.Contains(id), $"a row added before the position was shown ({sort})");
        seen.ShouldBe(seen.Select(id => written[id]).Order(order).Select(i => i.Id).ToList(), $"pages are out of order ({sort})");
    }

    /// <summary>
    /// A copy of <paramref name="template"/> under an id that puts it right before (or after) it:
    /// the lowest or the highest id written so far, whichever the order needs.
    /// </summary>
    private static Item Beside(Item template, string tag, int round, ItemOrder order, bool sortsBefore)
    {
        var kind = sortsBefore ? 'b' : 'a';
        var low = template with { Id = $"{tag}--{9 - round}{kind}" };
        var high = template with { Id = $"{tag}-zz{round}{kind}" };
        var chosen = (order.Compare(low, template) < 0) == sortsBefore ? low : high;
        (order.Compare(chosen, template) < 0).ShouldBe(sortsBefore);
        return chosen;
    }

    private static async System.Threading.Tasks.Task PutAsync(HttpClient client, Item item, string tag, Dictionary<string, Item> written, HashSet<string> live)
    {
        var observation = new Observation
        {
            Id = item.Id,
            Meta = new Meta { Tag = [new Coding(TagSystem, tag)] },
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://acme.org/paging-codes", item.Code),
            Effective = item.Day is { } day ? new FhirDateTime($"2020-01-{day:00}") : null,
            Value = item.Quantity is { } quantity ? new Quantity(quantity, "mg") : item.Text is { } text ? new FhirString(text) : null,
        };
        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation/{item.Id}", observation);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        written[item.Id] = item;
        live.Add(item.Id);
    }

    private static async System.Threading.Tasks.Task DeleteAsync(HttpClient client, string id, HashSet<string> live)
    {
        using var response = await client.DeleteAsync($"/fhir/Observation/{id}");
        response.IsSuccessStatusCode.ShouldBeTrue();
        live.Remove(id);
    }

    /// <summary>What the test wrote into one Observation: code, effective day in January 2020, valueQuantity or valueString.</summary>
    private sealed record Item(string Id, string Code, int? Day, decimal? Quantity, string? Text);

    /// <summary>The test's own reading of <c>_sort</c>: keys in order, missing values last both ways, then the id.</summary>
    private sealed class ItemOrder(string sort) : IComparer<Item>
    {
        public int Compare(Item? x, Item? y)
        {
            foreach (var key in sort.Split(','))
            {
                var descending = key.StartsWith('-');
                var (a, b) = (Key(x!, key.TrimStart('-')), Key(y!, key.TrimStart('-')));
                var compared = (a, b) switch
                {
                    (null, null) => 0,
                    (null, _) => 1,
                    (_, null) => -1,
                    _ => descending ? Ascending(b, a) : Ascending(a, b),
                };
                if (compared != 0)
                {
                    return compared;
                }
            }

            return string.CompareOrdinal(x!.Id, y!.Id);
        }

        private static int Ascending(IComparable a, IComparable b) => a is string text ? string.CompareOrdinal(text, (string)b) : a.CompareTo(b);

        private static IComparable? Key(Item item, string param) => param switch
        {
            "value-quantity" => item.Quantity,
            "date" => item.Day,
            "value-string" => item.Text,
            "code" => item.Code,
            "_id" => item.Id,
            _ => throw new ArgumentOutOfRangeException(nameof(param), param),
        };
    }
}
