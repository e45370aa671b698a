/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <wfm.h>

int main(void)
{
    double erlangs, sl, asa;   /* 100 calls per 30 min, AHT 180 s, 80 % in 20 s */
    int32_t agents;
    if (wfm_traffic_erlangs(100, 1800, 180, &erlangs) != WFM_OK
        || wfm_required_agents(erlangs, 180, 0.80, 20, 0, 0, &agents) != WFM_OK
        || wfm_service_level(erlangs, agents, 180, 20, &sl) != WFM_OK
        || wfm_average_speed_of_answer(erlangs, agents, 180, &asa) != WFM_OK)
        return 1;
    printf("%d agents, SL %.2f %%, ASA %.2f s\n", (int)agents, 100 * sl, asa);
}
