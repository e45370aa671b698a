"""Recommended intraday recipe: T (daily total per weekday) x S (intraday shape), + NB prediction intervals."""
from screen_intra import *
def recipe(Y, d, n, pool=0.3):
    a = total_shape(Y, d, n, tot_weeks=4, tot_stat='median', pool=pool)
    b = total_shape(Y, d, n, tot_weeks=8, outlier=0.3, pool=pool)
    # same shape in both; average the totals
    return 0.5 * (a + b)
if __name__ == '__main__':
    for nm in ('ab', 'na'):
        show2(nm, profile_avg, 'profile_avg (peer)')
        show2(nm, recipe, 'REC: T=avg(median4, mean8-outl.3) x S8 pool.3')
        show2(nm, lambda Y, d, n: recipe(Y, d, n, 0.0), 'REC pool 0')
        show2(nm, lambda Y, d, n: recipe(Y, d, n, 0.6), 'REC pool .6')
        show2(nm, lambda Y, d, n: 0.5*(total_shape(Y, d, n, tot_weeks=4, tot_stat='median', pool=.3, outlier=.2)+total_shape(Y, d, n, tot_weeks=8, outlier=0.2, pool=.3)), 'REC outl .2')
        show2(nm, lambda Y, d, n: 0.5*(total_shape(Y, d, n, tot_weeks=4, tot_stat='median', pool=.3, outlier=.5)+total_shape(Y, d, n, tot_weeks=8, outlier=0.5, pool=.3)), 'REC outl .5')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=6, tot_stat='median', pool=.3), 'T median6 x S8 pool.3')
