using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndexShapes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_uri_resource",
                table: "search_uri");

            migrationBuilder.DropIndex(
                name: "ix_search_token_param_resource",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_token_resource",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_token_value",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_string_resource",
                table: "search_string");

            migrationBuilder.DropIndex(
                name: "ix_search_string_value",
                table: "search_string");

            migrationBuilder.DropIndex(
                name: "ix_search_reference_resource",
                table: "search_reference");

            migrationBuilder.DropIndex(
                name: "ix_search_reference_target",
                table: "search_reference");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_resource",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_date_end",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_search_date_resource",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_search_date_value",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_resources_type_updated",
                table: "resources");

            migrationBuilder.CreateIndex(
                name: "ix_search_uri_resource",
                table: "search_uri",
                columns: new[] { "resource_type", "resource_id", "param" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_resource",
                table: "search_token",
                columns: new[] { "resource_type", "resource_id", "param", "code", "system" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_value",
                table: "search_token",
                columns: new[] { "resource_type", "param", "code", "system", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_resource",
                table: "search_string",
                columns: new[] { "resource_type", "resource_id", "param", "normalized" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_value",
                table: "search_string",
                columns: new[] { "resource_type", "param", "normalized", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_resource",
                table: "search_reference",
                columns: new[] { "resource_type", "resource_id", "param", "target_type", "target_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_target",
                table: "search_reference",
                columns: new[] { "resource_type", "param", "target_id", "target_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_resource",
                table: "search_quantity",
                columns: new[] { "resource_type", "resource_id", "param" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_end",
                table: "search_date",
                columns: new[] { "resource_type", "param", "end_ms", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_resource",
                table: "search_date",
                columns: new[] { "resource_type", "resource_id", "param", "start_ms", "end_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_value",
                table: "search_date",
                columns: new[] { "resource_type", "param", "start_ms", "end_ms", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resources_current",
                table: "resources",
                columns: new[] { "resource_type", "resource_id", "is_deleted", "last_updated_ms", "current_row_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resources_type_updated",
                table: "resources",
                columns: new[] { "resource_type", "last_updated_ms", "resource_id", "is_deleted" },
                descending: new[] { false, true, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_uri_resource",
                table: "search_uri");

            migrationBuilder.DropIndex(
                name: "ix_search_token_resource",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_token_value",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_string_resource",
                table: "search_string");

            migrationBuilder.DropIndex(
                name: "ix_search_string_value",
                table: "search_string");

            migrationBuilder.DropIndex(
                name: "ix_search_reference_resource",
                table: "search_reference");

            migrationBuilder.DropIndex(
                name: "ix_search_reference_target",
                table: "search_reference");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_resource",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_date_end",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_search_date_resource",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_search_date_value",
                table: "search_date");

            migrationBuilder.DropIndex(
                name: "ix_resources_current",
                table: "resources");

            migrationBuilder.DropIndex(
                name: "ix_resources_type_updated",
                table: "resources");

            migrationBuilder.CreateIndex(
                name: "ix_search_uri_resource",
                table: "search_uri",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_param_resource",
                table: "search_token",
                columns: new[] { "resource_type", "param", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_resource",
                table: "search_token",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_value",
                table: "search_token",
                columns: new[] { "resource_type", "param", "code", "system" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_resource",
                table: "search_string",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_value",
                table: "search_string",
                columns: new[] { "resource_type", "param", "normalized" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_resource",
                table: "search_reference",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_target",
                table: "search_reference",
                columns: new[] { "resource_type", "param", "target_id", "target_type" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_resource",
                table: "search_quantity",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_end",
                table: "search_date",
                columns: new[] { "resource_type", "param", "end_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_resource",
                table: "search_date",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_value",
                table: "search_date",
                columns: new[] { "resource_type", "param", "start_ms", "end_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_resources_type_updated",
                table: "resources",
                columns: new[] { "resource_type", "is_deleted", "last_updated_ms" });
        }
    }
}
