"""Final daily recipes vs tslm on all NYC protocols + robustness + best-pick over a small menu."""
import sys
from evalcfg import *
from bestpick import inner_origins
HW = dict(hol_win={'*': (-1, 1)}, lam_hol=1.0)
def recipes(lam_hol=1.0, win=1, lam_hd=5.0):
    hw = dict(hol_win={'*': (-win, win)}, lam_hol=lam_hol)
    A = dict(hw); B = dict(hw, log=True); C = dict(hw, holdow='wkend', lam_holdow=lam_hd)
    D = dict(hw, K=15, Kdow=3, lam_int=250.0)
    return A, B, C, D
def ens_fc(cfgs, ytr, dd):
    return np.mean([fit_forecast(ytr, dd, hol, c) for c in cfgs], axis=0)
A, B, C, D = recipes()
MENU = {'tslm': [dict()], 'A': [A], 'C': [C], 'D': [D], 'A+C': [A, C], 'ABCD': [A, B, C, D]}
def bestpick_fc(ytr, dd, h, scheme='both'):
    i0 = len(ytr); og = inner_origins(i0, h, scheme)
    sc = {}
    for k, cf in MENU.items():
        s = []
        for j in og:
            F = ens_fc(cf, ytr[:j], dd[:j + h]); Aj = ytr[j:j + h]
            s.append(np.abs(F - Aj).sum() / Aj.sum())
        sc[k] = np.mean(s)
    k = min(sc, key=sc.get)
    return ens_fc(MENU[k], ytr, dd[:i0 + h]), k
def evaluate(fc, lab, windows=NYC_WINDOWS + [('2012-11-01', 61), ('2013-11-01', 61)], verbose=True):
    rows = []
    for o, h in windows:
        i0, ytr, dd, Aa = nyc_window(dates, vol, o, h)
        F, info = fc(ytr, dd, h)
        hm = np.array([d in holset for d in dd[i0:]])
        m = metrics(F, Aa, ytr, 7, hm); m['info'] = info; rows.append(m)
    w = [r['wape'] for r in rows]
    print(f"{lab:22s} " + ' '.join(f"{x:.4f}" for x in w[:5]) + f" | ND4 {np.mean(w[:4]):.4f} MASE {np.mean([r['mase'] for r in rows[:4]]):.3f} bias {np.mean([r['bias'] for r in rows[:4]]):+.1f} hol {np.mean([r['hwape'] for r in rows[:4]]):.4f}"
          f" | x16-12 MASE {rows[4]['mase']:.3f} bias {rows[4]['bias']:+.1f} hol {rows[4]['hwape']:.4f} | ND12,13 {w[5]:.4f} {w[6]:.4f}" + (f" picks {[r['info'] for r in rows]}" if rows[0]['info'] else ''), flush=True)
    return rows
if __name__ == '__main__':
    for k, cf in MENU.items():
        evaluate(lambda y, d, h, cf=cf: (ens_fc(cf, y, d), None), k)
    evaluate(lambda y, d, h: bestpick_fc(y, d, h, 'both'), 'bestpick(both)')
    evaluate(lambda y, d, h: bestpick_fc(y, d, h, 'sameseason'), 'bestpick(sameseason)')
    evaluate(lambda y, d, h: bestpick_fc(y, d, h, 'rolling'), 'bestpick(rolling)')
    print('robustness of ABCD:')
    for lh in (0.5, 2.0, 5.0):
        cf = list(recipes(lam_hol=lh)); evaluate(lambda y, d, h, cf=cf: (ens_fc(cf, y, d), None), f'ABCD lam_hol={lh}')
    for win in (0, 2):
        cf = list(recipes(win=win)); evaluate(lambda y, d, h, cf=cf: (ens_fc(cf, y, d), None), f'ABCD win=+-{win}')
    for lhd in (1.0, 20.0):
        cf = list(recipes(lam_hd=lhd)); evaluate(lambda y, d, h, cf=cf: (ens_fc(cf, y, d), None), f'ABCD lam_holdow={lhd}')
