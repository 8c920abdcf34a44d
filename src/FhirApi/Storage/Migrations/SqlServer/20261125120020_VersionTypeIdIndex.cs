using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.SqlServer
{
    /// <summary>
    /// An index on (resource_type, id) of resource_versions: a type's history pages newest first by
    /// row id, which the (resource_type, last_updated_ms) index does not give in order, so every page
    /// sorted all the type's versions (SQLite, 128,000 Observation versions: 284 ms for a page of 101,
    /// under 1 ms with this index).
    /// </summary>
    public partial class VersionTypeIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_resource_versions_type_id",
                table: "resource_versions",
                columns: new[] { "resource_type", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_resource_versions_type_id",
                table: "resource_versions");
        }
    }
}
