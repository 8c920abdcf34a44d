using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>Restricted history pages by cursor over the versions the caller may see, while versions it may and may not see are written.</summary>
public sealed partial class HistoryAccessTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_history_pages_neither_repeat_nor_skip_while_visible_and_hidden_versions_are_written(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var admin = server.Admin();
        using var researcher = server.Researcher();
        var writes = 0;
        async System.Threading.Tasks.Task WriteAsync()
        {
            writes++;
            var visible = Observation(A + "-hr", A, HeartRate);
            visible.Value = new Quantity(70 + writes, "/min");
            await admin.PutAsync(visible);
            var hidden = Observation(D + "-hr", D, HeartRate);
            hidden.Value = new Quantity(70 + writes, "/min");
            await admin.PutAsync(hidden);
            await admin.PutAsync(Observation($"{D}-new-{writes}", D, HeartRate));
            await admin.PutAsync(Observation($"{C}-hiv-{writes}", C, HivTest));
        }

        var before = (await HistoryAsync(researcher, "Observation/_history?_count=100")).Versions;
        before.Count.ShouldBe(5);

        var forward = new List<string>();
        var first = await HistoryAsync(researcher, "Observation/_history?_count=2");
        first.Previous.ShouldBeNull();
        forward.AddRange(first.Versions);
        for (var next = first.Next; next is not null;)
        {
            await WriteAsync();
            var page = await HistoryAsync(researcher, next);
            page.Previous.ShouldNotBeNull();
            forward.AddRange(page.Versions);
            next = page.Next;
        }

        forward.ShouldBe(before);

        // The last page holds the two oldest visible versions; walking back from it, every visible version once.
        var now = (await HistoryAsync(researcher, "Observation/_history?_count=100")).Versions;
        var last = await HistoryAsync(researcher, first.Last!);
        last.Versions.ShouldBe(now.TakeLast(2));
        last.Next.ShouldBeNull();
        var backward = last.Versions;
        for (var previous = last.Previous; previous is not null;)
        {
            await WriteAsync();
            var page = await HistoryAsync(researcher, previous);
            page.Next.ShouldNotBeNull();
            backward.InsertRange(0, page.Versions);
            previous = page.Previous;
        }

        var end = (await HistoryAsync(researcher, "Observation/_history?_count=100")).Versions;
        backward.ShouldBe(end);
        end.ShouldContain($"Observation/{A}-hr/_history/{2 + writes}");
        end.ShouldAllBe(v => !v.Contains(D, StringComparison.Ordinal) && !v.Contains("-hiv", StringComparison.Ordinal));
    }
}
