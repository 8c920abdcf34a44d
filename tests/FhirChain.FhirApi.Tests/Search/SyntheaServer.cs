using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>A server loaded with the Synthea samples, and the sample-file id of each resource it created (by <c>Type/serverId</c>).</summary>
public sealed record SyntheaServer(TestServer Server, IReadOnlyDictionary<string, string> SampleIds)
{
    /// <summary>The server's id of the resource with this sample id (the sample files' Patients are unique).</summary>
    public string ServerId(string sampleId) => SampleIds.Single(kv => kv.Value == sampleId).Key.Split('/')[1];

    /// <summary>Replaces each <c>{id:sampleId}</c> in a query with the server's id for that resource.</summary>
    public string Resolve(string query)
    {
        var start = query.IndexOf("{id:", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = query.IndexOf('}', start);
            query = query[..start] + ServerId(query[(start + 4)..end]) + query[(end + 1)..];
            start = query.IndexOf("{id:", StringComparison.Ordinal);
        }

        return query;
    }
}
