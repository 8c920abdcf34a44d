using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FhirChain.Provenance.Leaves;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;

namespace FhirChain.Provenance.Tests.Verify;

/// <summary>A small log built in memory, as the server would, with the files a verifier receives.</summary>
internal sealed class TestLog
{
    public const string PatientV1 = """
        {"resourceType":"Patient","id":"example","meta":{"versionId":"1","lastUpdated":"2024-05-01T10:00:00.123+00:00"},
         "active":true,"name":[{"family":"Chalmers","given":["Peter","James"]}],"gender":"male","birthDate":"1974-12-25"}
        """;

    public const string PatientV2 = """
        {
          "resourceType": "Patient",
          "id": "example",
          "meta": { "versionId": "2", "lastUpdated": "2024-05-02T11:30:00.5+00:00", "profile": [ "http://example.org/p" ] },
          "active": true,
          "name": [ { "use": "official", "family": "Chalmers", "given": [ "Peter", "James" ] } ],
          "telecom": [ { "system": "phone", "value": "(03) 5555 6473", "use": "work" } ],
          "gender": "male",
          "birthDate": "1974-12-25",
          "address": [ { "line": [ "534 Erewhon St" ], "city": "PleasantVille", "postalCode": "3999" } ]
        }
        """;

    public const string PatientV2Xml = """
        <Patient xmlns="http://hl7.org/fhir">
          <id value="example"/>
          <meta>
            <versionId value="2"/>
            <lastUpdated value="2024-05-02T11:30:00.5+00:00"/>
            <profile value="http://example.org/p"/>
          </meta>
          <active value="true"/>
          <name>
            <use value="official"/>
            <family value="Chalmers"/>
            <given value="Peter"/>
            <given value="James"/>
          </name>
          <telecom>
            <system value="phone"/>
            <value value="(03) 5555 6473"/>
            <use value="work"/>
          </telecom>
          <gender value="male"/>
          <birthDate value="1974-12-25"/>
          <address>
            <line value="534 Erewhon St"/>
            <city value="PleasantVille"/>
            <postalCode value="3999"/>
          </address>
        </Patient>
        """;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(byte[] LeafHash, LeafOperation Operation, byte[]? Salt, byte[]? Previous)> _entries = [];

    public TestLog(string origin = "fhirchain.test/log", NoteSigner? signer = null)
    {
        Signer = signer ?? NoteSigner.Generate(origin);
    }

    public NoteSigner Signer { get; }

    public InMemoryMerkleTree Tree { get; } = new();

    public long AppendFiller(string text) => Add(TreeHasher.HashLeaf(Encoding.UTF8.GetBytes(text)), LeafOperation.Create, null, null);

    public long AppendVersion(string resourceJson, LeafOperation operation, byte[]? previousLeafHash)
    {
        using var json = JsonDocument.Parse(resourceJson);
        var root = json.RootElement;
        var meta = root.GetProperty("meta");
        var salt = ContentDigest.NewSalt();
        var digest = ContentDigest.Compute(salt, CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(resourceJson)));
        var leaf = new LeafV1(operation, root.GetProperty("resourceType").GetString()!, root.GetProperty("id").GetString()!,
            meta.GetProperty("versionId").GetString()!, meta.GetProperty("lastUpdated").GetString()!, digest, previousLeafHash);
        return Add(leaf.Hash(), operation, salt, previousLeafHash);
    }

    public long AppendDelete(string type, string id, string version, string lastUpdated, byte[]? previousLeafHash)
    {
        var leaf = new LeafV1(LeafOperation.Delete, type, id, version, lastUpdated, null, previousLeafHash);
        return Add(leaf.Hash(), LeafOperation.Delete, null, previousLeafHash);
    }

    public byte[] LeafHash(long index) => _entries[(int)index].LeafHash;

    public string SignedCheckpoint() =>
        Signer.Sign(new Checkpoint(Signer.Name, Tree.Size, Tree.RootHash(), []).ToNoteText());

    /// <summary>The $verify Parameters JSON for leaf <paramref name="index"/> against the current tree.</summary>
    public string VerifyParametersJson(long index)
    {
        var entry = _entries[(int)index];
        var parameters = new List<object>
        {
            new { name = "verified", valueBoolean = true },
            new { name = "leafIndex", valueInteger64 = index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new { name = "leafHash", valueBase64Binary = Convert.ToBase64String(entry.LeafHash) },
            new { name = "treeSize", valueInteger64 = Tree.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new { name = "rootHash", valueBase64Binary = Convert.ToBase64String(Tree.RootHash()) },
        };
        var proof = Tree.InclusionProof(index, Tree.Size);
        if (proof.Count > 0)
        {
            parameters.Add(new
            {
                name = "inclusionProof",
                part = proof.Select(h => new { name = "hash", valueBase64Binary = Convert.ToBase64String(h) }).ToArray(),
            });
        }

        parameters.Add(new { name = "checkpoint", valueString = SignedCheckpoint() });
        if (entry.Salt is not null)
        {
            parameters.Add(new { name = "salt", valueBase64Binary = Convert.ToBase64String(entry.Salt) });
        }

        parameters.Add(new { name = "operation", valueCode = LeafV1.OperationName(entry.Operation) });
        if (entry.Previous is not null)
        {
            parameters.Add(new { name = "previousLeafHash", valueBase64Binary = Convert.ToBase64String(entry.Previous) });
        }

        return JsonSerializer.Serialize(new { resourceType = "Parameters", parameter = parameters }, Relaxed);
    }

    /// <summary>A string as it appears inside the JSON this class writes (without the quotes).</summary>
    public static string JsonText(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    public string ConsistencyProofJson(long size1, long size2) =>
        JsonSerializer.Serialize(new { hashes = Tree.ConsistencyProof(size1, size2).Select(Convert.ToBase64String).ToArray() });

    public (byte[]? Salt, IReadOnlyList<byte[]> Proof) Details(long index) =>
        (_entries[(int)index].Salt, Tree.InclusionProof(index, Tree.Size));

    private long Add(byte[] leafHash, LeafOperation operation, byte[]? salt, byte[]? previous)
    {
        _entries.Add((leafHash, operation, salt, previous));
        return Tree.Append(leafHash, _entries.Count - 1);
    }
}
