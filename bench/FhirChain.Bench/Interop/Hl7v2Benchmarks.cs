using System.Text;
using BenchmarkDotNet.Attributes;
using FhirChain.Interop.Er7;
using FhirChain.Interop.Mapping;

namespace FhirChain.Bench.Interop;

/// <summary>
/// ER7 parse and v2-to-FHIR mapping throughput. Messages/s = 1 / mean; MB/s = message bytes / mean.
/// Run: dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*Hl7v2*' --job short
/// </summary>
[MemoryDiagnoser]
public class Hl7v2Benchmarks
{
    private const string Adt =
        "MSH|^~\\&|SndApp|SndFac|RcvApp|RcvFac|20250601135823+0100||ADT^A01^ADT_A01|4637382|P|2.5.1\r"
        + "EVN|A01|20250601135823+0100\r"
        + "PID|1||1032702^^^V2FHIR&1.2.3.4.5&ISO^MR~N09204074^^^WADMV&1.3.4.7&ISO^DL||Everywoman^Eve^L^Jr^Dr^^L||197006010912|F|||1000 House Lane^Appt 123^Ann Arbor^MI^99999^USA^H||^PRN^PH^^1^555^5558473~^NET^Internet^eve@test.test|^WPN^PH^^1^555^5551126|en^English^HL70296|M^Married^HL70002\r"
        + "NK1|1|Everyone^Elliot|BRO^Brother^HL70063|123 High Street^^Mountainville^CA^99995\r"
        + "PV1|1|E|EMERG^101^01||||214425290^Doctor^Emory^E^Sr^Dr|||||||||||81456267^^^AssignAuth&1.2.3.4.5.6&ISO^VN|||||||||||||||||||||||||20250601135800\r";

    private static readonly string Oru = BuildOru();

    private V2ToFhirMapper mapper = null!;
    private Hl7Message adtMessage = null!;
    private Hl7Message oruMessage = null!;

    public static int AdtBytes => Encoding.UTF8.GetByteCount(Adt);

    public static int OruBytes => Encoding.UTF8.GetByteCount(Oru);

    [GlobalSetup]
    public void Setup()
    {
        mapper = new V2ToFhirMapper();
        adtMessage = ((Er7Parsed)Er7Parser.Parse(Adt)).Message;
        oruMessage = ((Er7Parsed)Er7Parser.Parse(Oru)).Message;
        Console.WriteLine($"// ADT^A01 bytes: {AdtBytes}, ORU^R01 bytes: {OruBytes}");
    }

    [Benchmark]
    public Er7ParseResult Parse_adt_a01() => Er7Parser.Parse(Adt);

    [Benchmark]
    public Er7ParseResult Parse_oru_r01_with_10_obx() => Er7Parser.Parse(Oru);

    [Benchmark]
    public V2MappingResult Map_adt_a01() => mapper.Map(adtMessage);

    [Benchmark]
    public V2MappingResult Map_oru_r01_with_10_obx() => mapper.Map(oruMessage);

    private static string BuildOru()
    {
        var builder = new StringBuilder()
            .Append("MSH|^~\\&|LabApp|LabFac|OrdApp|OrdFac|20250602100012+0100||ORU^R01^ORU_R01|20251014154001|P|2.5.1\r")
            .Append("PID|1||1032702^^^OrdOrg&2.3.4.5&ISO^MR||Everywoman^Eve^L||19700601|F\r")
            .Append("OBR|1|ORD777888^OrdFac|LAB4432^LabFac|24331-1^Lipid panel^LN|||20250601160800|||||||||||||||20250601181100|||F\r");
        for (var i = 1; i <= 10; i++)
        {
            builder.Append("OBX|").Append(i).Append("|NM|2093-3^Cholesterol^LN||").Append(150 + i).Append("|mg/dL|100-200|N|||F|||20250601160800\r");
        }

        return builder.ToString();
    }
}
