"""The dashboards' page contexts (each is also the page's JSON twin under /api/v1), one module per
page: region_board (a region's dashboard), targets (the indicator page), overview (the municipal
overview, the comparison); readiness (inspection readiness on the board)."""
